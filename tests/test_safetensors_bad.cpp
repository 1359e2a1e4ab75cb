// Malformed safetensors files and checkpoint folders: every one must be refused with a moe::Error that
// names the file (and the tensor, where one is involved) — never a crash, a hang or another exception.
// Cases are generated under a temporary folder; a few static ones live in tests/data/bad/safetensors.

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors_reader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <set>
#include <sys/stat.h>

using namespace moe;

namespace {

// --- a tiny generator of safetensors bytes -------------------------------------------------------------

std::string le64(std::uint64_t n) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[i] = char((n >> (8 * i)) & 0xff);
    return out;
}

// A file: the header's length, the header, then `dataBytes` zero bytes.
std::string stFile(const std::string& header, std::size_t dataBytes = 0) {
    return le64(header.size()) + header + std::string(dataBytes, '\0');
}

// One header entry.
std::string entry(const std::string& dtype, const std::string& shape, const std::string& offsets) {
    return "{\"dtype\":" + dtype + ",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
}

// A header of one tensor named `t`.
std::string one(const std::string& dtype, const std::string& shape, const std::string& offsets) {
    return "{\"t\":" + entry(dtype, shape, offsets) + "}";
}

// A header of two F32 tensors, `a` then `t`.
std::string two(const std::string& shapeA, const std::string& offsetsA, const std::string& shapeT,
                const std::string& offsetsT) {
    return "{\"a\":" + entry("\"F32\"", shapeA, offsetsA) + ",\"t\":" + entry("\"F32\"", shapeT, offsetsT) + "}";
}

// A valid file holding F32 tensors of one element each.
std::string validFile(const std::vector<std::string>& names) {
    std::string header = "{";
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string offsets = std::to_string(4 * i) + "," + std::to_string(4 * i + 4);
        header.append(i ? "," : "").append("\"").append(names[i]).append("\":");
        header += entry("\"F32\"", "[1]", "[" + offsets + "]");
    }
    return stFile(header + "}", 4 * names.size());
}

void writeFile(const QString& path, const std::string& bytes) {
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(bytes.data(), qint64(bytes.size())), qint64(bytes.size()));
}

// --- checking the error --------------------------------------------------------------------------------

struct Caught {
    bool moeError = false;
    std::string what;  // empty when nothing was thrown
    Error::Context context;
};

Caught caught(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return {true, e.what(), e.context()};
    } catch (const std::exception& e) {
        return {false, std::string("non-moe exception: ") + e.what(), {}};
    }
    return {};
}

// `expr` must throw moe::Error whose what() holds every needle and whose context names `tensorName`.
#define VERIFY_REFUSED(expr, tensorName, ...)                                                  \
    do {                                                                                      \
        const Caught c_ = caught([&] { (void)(expr); });                                      \
        const std::string got_ = c_.what.empty() ? "nothing thrown" : c_.what;                \
        QVERIFY2(c_.moeError, ("expected moe::Error, got: " + got_).c_str());                 \
        for (const std::string& n_ : std::vector<std::string>{__VA_ARGS__})                   \
            QVERIFY2(c_.what.find(n_) != std::string::npos, (n_ + " not in: " + got_).c_str()); \
        QCOMPARE(c_.context.tensor, std::string(tensorName));                                 \
    } while (0)

}  // namespace

class TestSafetensorsBad : public QObject {
    Q_OBJECT

private slots:
    void generated_data();
    void generated();
    void staticCorpus();
    void notRegularFiles();
    void checkpointFolders();
    void checkpointIndexes();
};

void TestSafetensorsBad::generated_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("tensor");  // the tensor the error must name ("" when none is involved)
    QTest::addColumn<QString>("needle");  // a word the message must contain
    const auto row = [](const char* name, const std::string& bytes, const char* tensor, const char* needle) {
        QTest::newRow(name) << QByteArray(bytes.data(), qsizetype(bytes.size())) << QString(tensor) << QString(needle);
    };
    const std::string f32 = "\"F32\"";
    row("0 bytes", "", "", "shorter");
    row("7 bytes", std::string(7, '\x01'), "", "shorter");
    row("header length 0", le64(0), "", "'{'");
    row("header length past the end", le64(1000) + "{}", "", "past the end");
    row("header length over 100 MB", le64(200'000'000) + "{}", "", "100 MB");
    row("header length 2^64-1", std::string(8, '\xff') + "{}", "", "100 MB");
    row("4 KiB of 0xFF", std::string(4096, '\xff'), "", "100 MB");
    row("4 KiB of zeros", std::string(4096, '\0'), "", "'{'");
    row("not JSON", stFile("{not json}"), "", "JSON");
    row("JSON array", stFile("[1, 2]"), "", "'{'");
    row("leading space", stFile(" {}"), "", "'{'");
    row("unterminated JSON", stFile("{\"t\": {\"dtype\":"), "", "JSON");
    row("garbage after JSON", stFile("{} x"), "", "JSON");
    row("invalid UTF-8 key", stFile("{\"\xff\xfe\": 1}"), "", "JSON");
    row("NUL inside a string", stFile(std::string("{\"a\0b\": 1}", 10)), "", "JSON");
    row("deep nesting", stFile("{\"t\":" + std::string(100000, '[') + std::string(100000, ']') + "}"), "t", "object");
    row("entry not an object", stFile("{\"t\": 5}"), "t", "object");
    row("no dtype", stFile("{\"t\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", 4), "t", "dtype");
    row("no shape", stFile("{\"t\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}}", 4), "t", "shape");
    row("no data_offsets", stFile("{\"t\": {\"dtype\": \"F32\", \"shape\": [1]}}", 4), "t", "data_offsets");
    row("dtype is a number", stFile(one("5", "[1]", "[0,4]"), 4), "t", "dtype");
    row("unknown dtype", stFile(one("\"F128\"", "[1]", "[0,16]"), 16), "t", "F128");
    row("lower-case dtype", stFile(one("\"f32\"", "[1]", "[0,4]"), 4), "t", "f32");
    row("shape not a list", stFile(one(f32, "4", "[0,16]"), 16), "t", "shape");
    row("negative shape", stFile(one(f32, "[-1]", "[0,4]"), 4), "t", "shape");
    row("float shape", stFile(one(f32, "[1.5]", "[0,4]"), 4), "t", "shape");
    row("bool shape", stFile(one(f32, "[true]", "[0,4]"), 4), "t", "shape");
    row("shape beyond 2^64", stFile(one(f32, "[1e30]", "[0,4]"), 4), "t", "shape");
    row("shape product overflows", stFile(one(f32, "[4294967296,4294967296,4]", "[0,4]"), 4), "t", "overflow");
    row("shape x dtype overflows", stFile(one(f32, "[4611686018427387904]", "[0,4]"), 4), "t", "overflow");
    row("three offsets", stFile(one(f32, "[1]", "[0,4,8]"), 8), "t", "data_offsets");
    row("negative offset", stFile(one(f32, "[1]", "[-4,0]"), 4), "t", "data_offsets");
    row("string offsets", stFile(one(f32, "[1]", "[\"0\",\"4\"]"), 4), "t", "data_offsets");
    row("end before begin", stFile(one(f32, "[1]", "[8,4]"), 8), "t", "end before");
    row("size mismatch", stFile(one(f32, "[3]", "[0,8]"), 8), "t", "does not match");
    row("huge end", stFile(one(f32, "[1]", "[0,18446744073709551615]"), 4), "t", "does not match");
    row("data past the end", stFile(one(f32, "[2]", "[0,8]"), 4), "t", "past the end");
    row("no data at all", stFile(one(f32, "[1]", "[0,4]")), "t", "past the end");
    row("overlap", stFile(two("[2]", "[0,8]", "[2]", "[4,12]"), 12), "t", "overlaps");
    row("same begin", stFile(two("[1]", "[0,4]", "[2]", "[0,8]"), 8), "t", "overlaps");
    row("gap between", stFile(two("[1]", "[0,4]", "[1]", "[8,12]"), 12), "t", "gap");
    row("gap at the start", stFile(one(f32, "[1]", "[4,8]"), 8), "t", "gap");
    row("trailing bytes", stFile(one(f32, "[1]", "[0,4]"), 9), "t", "trailing");
    row("data but no tensors", stFile("{}", 8), "", "trailing");
    row("__metadata__ not an object", stFile("{\"__metadata__\": [1]}"), "", "__metadata__");
    row("__metadata__ number value", stFile("{\"__metadata__\": {\"format\": 1}}"), "", "format");
    row("__metadata__ null value", stFile("{\"__metadata__\": {\"format\": null}}"), "", "format");
    row("__metadata__ nested value", stFile("{\"__metadata__\": {\"format\": {\"a\": \"b\"}}}"), "", "format");
}

void TestSafetensorsBad::generated() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, tensor);
    QFETCH(QString, needle);
    QTemporaryDir tmp;
    const QString path = tmp.filePath("bad.safetensors");
    writeFile(path, bytes.toStdString());
    VERIFY_REFUSED(SafetensorsFile(path.toStdString()), tensor.toStdString(), path.toStdString(),
                   needle.toStdString());
    // The same bytes through the in-memory parser (no mapping) and as a checkpoint folder.
    VERIFY_REFUSED(parseSafetensorsHeader(reinterpret_cast<const std::byte*>(bytes.constData()),
                                          std::uint64_t(bytes.size()), "in-memory"),
                   tensor.toStdString(), "in-memory");
    QVERIFY(QFile::rename(path, tmp.filePath("model.safetensors")));
    VERIFY_REFUSED(Checkpoint(tmp.path().toStdString()), tensor.toStdString(),
                   tmp.filePath("model.safetensors").toStdString());
}

void TestSafetensorsBad::staticCorpus() {
    const QDir dir(QString(MOE_TEST_DATA) + "/bad/safetensors");
    const QStringList files = dir.entryList({"*.safetensors"}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 18, qPrintable(dir.path()));
    // Files whose error involves a tensor; that tensor is always called bad_tensor.
    const std::set<QString> withTensor{"truncated",           "unknown_dtype",        "shape_size_mismatch",
                                       "overlapping_offsets", "gap_between_tensors",  "offsets_out_of_range",
                                       "end_before_begin",    "negative_shape",       "float_shape",
                                       "trailing_bytes"};
    int involved = 0;
    for (const auto& name : files) {
        const std::string path = dir.filePath(name).toStdString();
        const bool tensor = withTensor.count(QFileInfo(name).completeBaseName()) > 0;
        involved += tensor;
        VERIFY_REFUSED(SafetensorsFile(path), tensor ? "bad_tensor" : "", path);
    }
    QCOMPARE(involved, int(withTensor.size()));
}

void TestSafetensorsBad::notRegularFiles() {
    QTemporaryDir tmp;
    const std::string missing = tmp.filePath("missing.safetensors").toStdString();
    VERIFY_REFUSED(SafetensorsFile(missing), "", missing, "cannot open");
    QVERIFY(QDir(tmp.path()).mkdir("folder.safetensors"));
    const std::string folder = tmp.filePath("folder.safetensors").toStdString();
    VERIFY_REFUSED(SafetensorsFile(folder), "", folder, "regular file");
    // A FIFO must be refused at once, not block waiting for a writer.
    const std::string fifo = tmp.filePath("fifo.safetensors").toStdString();
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    VERIFY_REFUSED(SafetensorsFile(fifo), "", fifo, "regular file");
    // The same in place of model.safetensors.
    QTemporaryDir ck;
    QCOMPARE(::mkfifo(ck.filePath("model.safetensors").toStdString().c_str(), 0600), 0);
    VERIFY_REFUSED(Checkpoint(ck.path().toStdString()), "", ck.filePath("model.safetensors").toStdString());
}

void TestSafetensorsBad::checkpointFolders() {
    QTemporaryDir tmp;
    const auto sub = [&](const char* name) {
        QDir(tmp.path()).mkdir(name);
        return tmp.filePath(name);
    };
    const std::string missing = tmp.filePath("nope").toStdString();
    VERIFY_REFUSED(Checkpoint(missing), "", missing, "no such folder");
    writeFile(tmp.filePath("plain.txt"), "x");
    VERIFY_REFUSED(Checkpoint(tmp.filePath("plain.txt").toStdString()), "", "plain.txt", "not a folder");
    const QString empty = sub("empty");
    VERIFY_REFUSED(Checkpoint(empty.toStdString()), "", empty.toStdString(), "model.safetensors");

    const QString pickle = sub("pickle");
    writeFile(pickle + "/pytorch_model.bin", std::string("PK\x03\x04", 4) + std::string(60, 'x'));
    writeFile(pickle + "/config.json", "{}");
    VERIFY_REFUSED(Checkpoint(pickle.toStdString()), "", "pickle", (pickle + "/pytorch_model.bin").toStdString());
    const QString pt = sub("pt");
    writeFile(pt + "/model.pt", "x");
    VERIFY_REFUSED(Checkpoint(pt.toStdString()), "", "pickle", (pt + "/model.pt").toStdString());

    // Several *.safetensors without an index: the same tensor in two of them.
    const QString dup = sub("dup");
    writeFile(dup + "/a.safetensors", validFile({"x", "shared.weight"}));
    writeFile(dup + "/b.safetensors", validFile({"shared.weight", "y"}));
    VERIFY_REFUSED(Checkpoint(dup.toStdString()), "shared.weight", "two files", (dup + "/a.safetensors").toStdString(),
                   (dup + "/b.safetensors").toStdString());
    // ... and a valid pair opens.
    writeFile(dup + "/b.safetensors", validFile({"y"}));
    QCOMPARE(Checkpoint(dup.toStdString()).names(), (std::vector<std::string>{"shared.weight", "x", "y"}));
    // A broken file among them is named.
    writeFile(dup + "/c.safetensors", stFile(one("\"F32\"", "[3]", "[0,4]"), 4));
    VERIFY_REFUSED(Checkpoint(dup.toStdString()), "t", (dup + "/c.safetensors").toStdString());
}

void TestSafetensorsBad::checkpointIndexes() {
    QTemporaryDir tmp;
    int n = 0;
    // A folder with shards s1 (tensor a) and s2 (tensor b) and the given index text.
    const auto folder = [&](const std::string& index) {
        const QString dir = tmp.filePath(QString("ck%1").arg(n++));
        QDir().mkpath(dir);
        writeFile(dir + "/s1.safetensors", validFile({"a"}));
        writeFile(dir + "/s2.safetensors", validFile({"b"}));
        writeFile(dir + "/model.safetensors.index.json", index);
        return dir.toStdString();
    };
    const auto index = [](const std::string& weightMap) {
        return "{\"metadata\": {\"total_size\": 8}, \"weight_map\": {" + weightMap + "}}";
    };
    const std::string ok = folder(index(R"("a": "s1.safetensors", "b": "s2.safetensors")"));
    QCOMPARE(Checkpoint(ok).names(), (std::vector<std::string>{"a", "b"}));

    std::string dir = folder(index(R"("a": "s1.safetensors", "b": "s3.safetensors")"));
    VERIFY_REFUSED(Checkpoint(dir), "", dir + "/s3.safetensors", "missing");
    for (const char* shard : {"../s1.safetensors", "sub/s1.safetensors", "/etc/passwd", "..", ""}) {
        dir = folder(index(std::string(R"("a": ")") + shard + R"(", "b": "s2.safetensors")"));
        VERIFY_REFUSED(Checkpoint(dir), "a", dir + "/model.safetensors.index.json", "not a file name");
    }
    dir = folder(index(R"("a": "s2.safetensors", "b": "s1.safetensors")"));
    VERIFY_REFUSED(Checkpoint(dir), "a", dir + "/model.safetensors.index.json", "s2.safetensors");
    dir = folder(index(R"("a": "s1.safetensors", "b": "s2.safetensors", "c": "s2.safetensors")"));
    VERIFY_REFUSED(Checkpoint(dir), "c", dir + "/model.safetensors.index.json", "not in its shard");
    dir = folder(index(R"("a": "s1.safetensors", "b": 2)"));
    VERIFY_REFUSED(Checkpoint(dir), "b", dir + "/model.safetensors.index.json", "not a string");
    dir = folder(index(R"("a": ")" + std::string(300, 'x') + R"(.safetensors")"));
    VERIFY_REFUSED(Checkpoint(dir), "", dir + "/" + std::string(300, 'x'));
    dir = folder("{\"weight_map\": ");
    VERIFY_REFUSED(Checkpoint(dir), "", dir + "/model.safetensors.index.json", "JSON");
    dir = folder("{\"metadata\": {}}");
    VERIFY_REFUSED(Checkpoint(dir), "", dir + "/model.safetensors.index.json", "weight_map");
    dir = folder("[]");
    VERIFY_REFUSED(Checkpoint(dir), "", dir + "/model.safetensors.index.json", "weight_map");
    // A shard that is itself malformed is named, with its tensor.
    dir = folder(index(R"("a": "s1.safetensors", "b": "s2.safetensors")"));
    writeFile(QString::fromStdString(dir + "/s2.safetensors"), stFile(one("\"F32\"", "[1]", "[0,4]"), 6));
    VERIFY_REFUSED(Checkpoint(dir), "t", dir + "/s2.safetensors", "trailing");
}

QTEST_APPLESS_MAIN(TestSafetensorsBad)
#include "test_safetensors_bad.moc"
