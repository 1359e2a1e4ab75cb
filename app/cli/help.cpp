#include "app/cli/help.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace moe::cli {
namespace {

constexpr std::size_t kWidth = 79;       // lines wrap before this column
constexpr std::size_t kMeaningCol = 27;  // option meanings start here

const char* const kExitStatus =
    "exit status:\n"
    "  0  success\n"
    "  1  runtime failure (an internal error)\n"
    "  2  bad input or usage; one line on stderr names the file and what is wrong\n";

// Appends TEXT word-wrapped to kWidth, every line indented by INDENT spaces; "\n\n" separates paragraphs.
void wrap(std::string& out, const std::string& text, std::size_t indent) {
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find("\n\n", start), text.size());
        std::istringstream words(text.substr(start, end - start));
        std::string word, line(indent, ' ');
        for (bool first = true; words >> word; first = false) {
            if (!first && line.size() + 1 + word.size() > kWidth) {
                out += line + "\n";
                line.assign(indent, ' ');
                first = true;
            }
            line += (first ? "" : " ") + word;
        }
        out += line + "\n";
        if (end == text.size()) break;
        out += "\n";
        start = end + 2;
    }
}

// "  --out DIR               meaning…" (the meaning on the next line when the name is long).
void optionLine(std::string& out, const std::string& label, const std::string& meaning) {
    std::string head = "  " + label;
    if (head.size() + 1 >= kMeaningCol) {
        out += head + "\n";
        head.clear();
    }
    head.resize(kMeaningCol, ' ');
    std::string body;
    wrap(body, meaning, kMeaningCol);
    out += head + body.substr(kMeaningCol);
}

// PREFIX + SYNOPSIS, wrapped with a hanging indent. Breaks fall only between groups, an option with its
// value or a bracketed part, so "[--dtype f32|bf16]" never splits.
void synopsisLines(std::string& out, const std::string& prefix, const std::string& synopsis) {
    std::vector<std::string> groups;
    int depth = 0;
    bool joinNext = false;
    std::istringstream words(synopsis);
    for (std::string word; words >> word;) {
        const bool extends = !groups.empty() && (depth > 0 || (joinNext && word[0] != '-' && word[0] != '[' && word[0] != '('));
        joinNext = depth == 0 && word.rfind("--", 0) == 0 && word.find_first_of("[(])") == std::string::npos;
        if (extends) groups.back() += " " + word;
        else groups.push_back(word);
        for (const char c : word) depth += (c == '[' || c == '(') - (c == ']' || c == ')');
    }
    std::string line = prefix;
    for (const auto& g : groups) {
        if (line.size() > prefix.size() && line.size() + 1 + g.size() > kWidth) {
            out += line + "\n";
            line.assign(prefix.size(), ' ');
        } else if (line.size() > prefix.size()) {
            line += " ";
        }
        line += g;
    }
    out += line + "\n";
}

std::string label(const OptionHelp& o) { return o.value ? std::string(o.name) + " " + o.value : std::string(o.name); }

const std::vector<CommandHelp> kCommands = {
    {"inspect", "DIR [--json]", "describe a model folder",
     "Prints the architecture, dtype, parameter count, layers, attention layout, experts, routers and whether "
     "a tokenizer.json is present, for the model folder DIR.",
     {{"DIR", nullptr, "a model folder: config.json with model.safetensors, shards with an index, or several "
                       "*.safetensors files"}},
     {{"--json", nullptr, "print one JSON object instead of text"}}},
    {"forward", "--model DIR --input IN.safetensors --out OUT.safetensors [--dtype f32|bf16]",
     "run a model on input_ids; write logits, hidden states and router logits",
     "Runs the model in DIR on the input_ids [B,T] (int64 or int32) of IN.safetensors and writes logits "
     "[B,T,V], hidden_states.0..L [B,T,H] (0 = the embedding output, L = after the final norm) and "
     "router_logits.<site> [B*T,E] for every router to OUT.safetensors, all float32.",
     {},
     {{"--model", "DIR", "the model folder"},
      {"--input", "IN.safetensors", "a safetensors file holding input_ids"},
      {"--out", "OUT.safetensors", "the file to write"},
      {"--dtype", "f32|bf16", "compute in float32 (default) or bfloat16; the outputs are float32 either way"}}},
    {"build", "CONFIG.json --out DIR [--format mixturekit|native] [--force]", "compose experts into one MoE checkpoint",
     "Composes the experts named in a composition config (Traditional, BTX or BTS) into one "
     "Mixture-of-Experts checkpoint, streaming tensor by tensor. Every problem in the config is listed, one "
     "line each, before anything is written; the output folder appears atomically. Progress goes to stderr.",
     {{"CONFIG.json", nullptr, "a MixtureKit composition config; a mergekit-moe .yaml is imported as the "
                               "equivalent Traditional config"}},
     {{"--out", "DIR", "the output folder; refused if it exists and is not empty"},
      {"--format", "mixturekit|native", "mixturekit (default): MixtureKit's layout, loadable in transformers "
                                        "with trust_remote_code; native: a Traditional Llama, Mistral, Qwen2 or "
                                        "Qwen3 composition as mixtral, qwen2_moe or qwen3_moe"},
      {"--force", nullptr, "replace a non-empty DIR"}}},
    {"route", "--model DIR (--text STR | --text-file F | --input IN.safetensors) --out TRACE.safetensors",
     "record every routing decision of one sequence (a trace)",
     "Runs a routed model (a native MoE or a composed model, BTS stitch gates included) on one sequence and "
     "writes a routing trace: per site and token, the router logits and the weight each expert received, "
     "with the token strings. Give exactly one of --text, --text-file and --input.",
     {},
     {{"--model", "DIR", "the routed model folder"},
      {"--text", "STR", "the text, tokenized with DIR's tokenizer.json (special tokens added as the model expects)"},
      {"--text-file", "F", "the text, read from a UTF-8 file"},
      {"--input", "IN.safetensors", "token ids instead of text: input_ids [T] or [1,T]"},
      {"--out", "TRACE.safetensors", "the trace to write"}}},
    {"aggregate", "TRACE [--layers 0,2-5] [--proj gate_proj,up_proj] [--csv OUT.csv] [--json]",
     "per-token expert weights averaged over routing sites",
     "Averages each token's expert weights over the selected routing sites of a trace (paper Eq. 1) and "
     "prints, per token, the dominant expert and the averaged weights, then dead-expert and collapse warnings.",
     {{"TRACE", nullptr, "a routing trace written by moe route or MoE Studio"}},
     {{"--layers", "LIST", "blocks to average over, e.g. 0,2-5 (default: all)"},
      {"--proj", "LIST", "projections to average over, e.g. gate_proj,up_proj, with or without their mlp. / "
                         "self_attn. prefix (default: all)"},
      {"--csv", "OUT.csv", "also write index, token, dominant expert and one weight column per expert as CSV"},
      {"--json", nullptr, "print {\"tokens\", \"experts\", \"weights\", \"dominant\"} as JSON instead of the table"}}},
    {"train", "CONFIG.json --model DIR --data FILE --out DIR [--steps N] [--alpha A] [--stop-after K] [--force]",
     "train the routers or stitch layers of a model",
     "Trains the routers (Traditional, BTX, native MoE) or the stitch layers (BTS) of the model in DIR, "
     "everything else frozen, on the text in FILE: next-token loss + alpha x load-balancing loss, AdamW with "
     "warm-up and cosine decay, gradient clipping. The tail of the text is held out and reported as loss and "
     "perplexity; one line per step goes to stderr.\n\nA run stopped with --stop-after resumes when its "
     "output is trained again (--model OUT): the optimiser state and step are saved with it.",
     {{"CONFIG.json", nullptr, "training settings: steps, batch_size, seq_len, lr, warmup_steps, weight_decay, "
                               "clip_norm, alpha, seed, eval_fraction, eval_every, eval_batches, trainable "
                               "(routers, the default; all or mlp: every weight or the MLPs, also of a dense "
                               "model); a MixtureKit composition config works too: only its alpha is used"}},
     {{"--model", "DIR", "the routed model to train (with a tokenizer.json)"},
      {"--data", "FILE", "the training text (UTF-8)"},
      {"--out", "DIR", "the output folder, a checkpoint of the same format"},
      {"--steps", "N", "number of steps (overrides the config)"},
      {"--alpha", "A", "load-balancing coefficient (overrides the config)"},
      {"--stop-after", "K", "save after K steps of the N-step schedule"},
      {"--force", nullptr, "replace a non-empty output folder"}}},
    {"tokenize", "--tokenizer FILE_OR_DIR --input CASES.jsonl", "encode JSONL cases with a tokenizer.json",
     "Encodes each line {\"text\": str, \"add_special_tokens\": bool} of CASES.jsonl and prints one JSON line "
     "per case: {\"ids\": [...], \"tokens\": [...], \"offsets\": [[b,e],...], \"decoded\": str}. Offsets "
     "count characters (code points), as the tokenizers library reports them; decoded keeps special tokens.",
     {},
     {{"--tokenizer", "FILE_OR_DIR", "a tokenizer.json, or a folder holding one"},
      {"--input", "CASES.jsonl", "the cases; - reads standard input"}}},
    {"demo", "--out DIR [--seed N] [--scale full|reduced] [--force]", "build the built-in demo",
     "Builds the built-in demo into DIR: trains one tiny expert per domain (Arabic-script text, English prose, "
     "C/C++ source) from a common initialisation on the corpora shipped with MoE Studio, composes them with "
     "BTX, trains the routers, and leaves the experts, the composed model, a tokenizer and a routing trace of "
     "a mixed sample text. The same seed and scale give the same files.",
     {},
     {{"--out", "DIR", "the output folder"},
      {"--seed", "N", "the random seed (default 1)"},
      {"--scale", "full|reduced", "full (default), or reduced: a smaller model and fewer steps, as the test "
                                  "suite runs it"},
      {"--force", nullptr, "replace a non-empty DIR"}}},
};

}  // namespace

const std::vector<CommandHelp>& commandHelps() { return kCommands; }

const CommandHelp* findCommandHelp(const std::string& name) {
    const auto it = std::find_if(kCommands.begin(), kCommands.end(), [&](const CommandHelp& c) { return name == c.name; });
    return it == kCommands.end() ? nullptr : &*it;
}

std::string programUsage() {
    return "usage: moe COMMAND [ARGUMENTS] [OPTIONS]\n"
           "       moe COMMAND --help\n"
           "       moe --help | --version\n";
}

std::string programHelp() {
    std::string out = programUsage() + "\n";
    wrap(out, "Compose Mixture-of-Experts language models from Hugging Face checkpoints, run them, record and "
              "analyse their routing, and train their routers: the command line of MoE Studio.", 0);
    out += "\ncommands:\n";
    for (const auto& c : kCommands) {
        synopsisLines(out, "  " + std::string(c.name) + " ", c.synopsis);
        wrap(out, c.summary, 6);
    }
    out += "\noptions:\n";
    optionLine(out, "-h, --help", "show this help and exit");
    optionLine(out, "--version", "print the version and exit");
    out += "\n";
    wrap(out, "Run 'moe COMMAND --help' for the arguments and options of a command, and see the moe(1) "
              "manual page.", 0);
    return out + "\n" + kExitStatus;
}

std::string commandHelpText(const CommandHelp& c) {
    std::string out;
    synopsisLines(out, "usage: moe " + std::string(c.name) + " ", c.synopsis);
    out += "\n";
    std::string summary = c.summary;
    summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(summary[0])));
    out += summary + ".\n\n";
    wrap(out, c.description, 0);
    if (!c.arguments.empty()) {
        out += "\narguments:\n";
        for (const auto& a : c.arguments) optionLine(out, a.name, a.meaning);
    }
    out += "\noptions:\n";
    for (const auto& o : c.options) optionLine(out, label(o), o.meaning);
    optionLine(out, "-h, --help", "show this help and exit");
    return out + "\n" + kExitStatus;
}

bool wantsHelp(const CommandHelp& command, const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--help" || args[i] == "-h") return true;
        const auto takesValue = std::any_of(command.options.begin(), command.options.end(), [&](const OptionHelp& o) {
            return o.value && args[i] == o.name;
        });
        if (takesValue) ++i;  // skip the value
    }
    return false;
}

}  // namespace moe::cli
