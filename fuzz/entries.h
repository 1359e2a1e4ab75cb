#pragma once
// The parsers that read untrusted bytes, each behind one function taking the bytes of one input. The
// libFuzzer targets (fuzz_target.cpp, one executable per entry) and the regular build's regression test
// (tests/test_fuzz_regressions.cpp, replaying tests/data/bad/fuzz/<entry>/*) call the same functions, so a
// reproducer means the same thing in both.
//
// Each entry runs the input through core the way the CLI and the GUI do. A moe::Error is the expected way
// to refuse it (Outcome::Rejected); any other exception, a crash, a sanitizer report, a hang or an
// allocation sized by the input is a bug. Accepted inputs are also checked for invariants that callers
// rely on (offsets inside the file, one entry per layer, ...): see require().

#include <string>
#include <string_view>
#include <vector>

namespace moe::fuzz {

enum class Outcome { Accepted, Rejected };

struct Entry {
    const char* name;  // also the corpus folder: fuzz/corpus/<name>, tests/data/bad/fuzz/<name>
    Outcome (*run)(std::string_view input);
};

// A safetensors file held in memory: the header is parsed and validated (core/io/safetensors_reader).
Outcome safetensorsHeader(std::string_view input);
// model.safetensors.index.json of a checkpoint folder whose two shards are fixed (core/io/checkpoint).
Outcome checkpointIndex(std::string_view input);
// config.json -> HParams (core/model/hparams, rope, arch configs, composed-checkpoint keys).
Outcome hparams(std::string_view input);
// tokenizer.json, then encoding and decoding: the bytes up to the first NUL are the JSON; the bytes after
// it are one text to encode, or, without a NUL, a fixed set of texts is encoded.
Outcome tokenizer(std::string_view input);
// A composition config (JSON) through parseComposeConfig, and the recorded form written back.
Outcome composeConfig(std::string_view input);
// A mergekit-moe YAML config through the import (mergekit_yaml) and parseComposeConfig.
Outcome mergekitYaml(std::string_view input);
// A routing trace file (core/routing/trace), then the aggregation and statistics that display it.
Outcome trace(std::string_view input);

const std::vector<Entry>& entries();
// The entry called `name`; aborts for an unknown name (a build mistake, not an input).
const Entry& entry(std::string_view name);

// Throws std::logic_error naming `what` when an invariant of an accepted input does not hold: uncaught, it
// stops a fuzzer like a crash; the regression test reports it as a failure.
void require(bool condition, const char* what);

// A private folder for the entries that read files (created once per process, removed at exit), and a
// way to put an input there.
const std::string& scratchDir();
// `name` may hold a subfolder (one per entry, so entries run in one process never see each other's files).
std::string writeScratch(const std::string& name, std::string_view bytes);  // returns the file's path

}  // namespace moe::fuzz
