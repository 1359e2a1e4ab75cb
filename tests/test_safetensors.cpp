// Safetensors I/O: the reader on the fixture models, the streaming (sharded) writer and the ATen bridge.
// Malformed inputs are covered by test_safetensors_bad.cpp.

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors_reader.h"
#include "core/io/safetensors_writer.h"
#include "core/io/tensor_bridge.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>

using namespace moe;

namespace {

const std::string kModels = std::string(MOE_TEST_DATA) + "/models";

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

// Checks that `expr` throws moe::Error whose message contains `needle` (and names the tensor, if given).
#define VERIFY_MOE_ERROR(expr, needle, tensorName)                                       \
    do {                                                                                \
        const Caught c_ = caught([&] { (void)(expr); });                                \
        const std::string got_ = c_.what.empty() ? "nothing thrown" : c_.what;          \
        QVERIFY2(c_.moeError, ("expected moe::Error, got: " + got_).c_str());           \
        QVERIFY2(c_.what.find(needle) != std::string::npos, c_.what.c_str());          \
        QCOMPARE(c_.context.tensor, std::string(tensorName));                           \
    } while (0)

std::vector<std::byte> randomBytes(std::size_t n, unsigned seed, bool boolean = false) {
    std::mt19937 rng(seed);
    std::vector<std::byte> out(n);
    for (auto& b : out) b = std::byte(boolean ? rng() % 2 : rng() % 256);
    return out;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

QStringList entries(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

bool sameBytes(const std::byte* a, const std::vector<std::byte>& b) {
    return b.empty() || std::memcmp(a, b.data(), b.size()) == 0;
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
    void everyFixtureOpens();
    void roundTripEveryDtype_data();
    void roundTripEveryDtype();
    void emptyAndScalarTensors();
    void headerLayout();
    void shardingBySize();
    void shardLimitIsInclusive();
    void singleShardReplacesStaleIndex();
    void uncommittedWriterLeavesNothing();
    void writerErrorsNameTheTensor();
    void tensorViewIsZeroCopy();
    void tensorViewCopiesMisalignedData();
    void writeTensorsRoundTrip();
};

void TestSafetensors::fixtures_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("known");
    QTest::addColumn<bool>("formatPt");
    const char* embed = "model.embed_tokens.weight";
    const std::vector<std::tuple<const char*, int, const char*, bool>> rows{
        {"gemma", 29, embed, true},         {"gemma2", 35, embed, true},
        {"gemma3_text", 41, embed, true},   {"gpt2", 40, "transformer.wte.weight", true},
        {"llama", 30, embed, true},         {"llama3_rope", 29, embed, true},
        {"mistral", 30, embed, true},       {"mistral_swa", 30, embed, true},
        {"mixtral", 60, embed, true},       {"mixtral_fused", 30, embed, false},
        {"olmo2", 36, embed, true},         {"phi3", 21, embed, true},
        {"qwen2", 38, embed, true},         {"qwen2_moe", 81, embed, true},
        {"qwen3", 35, embed, true},         {"qwen3_moe", 66, embed, true},
        {"qwen3_moe_fused", 36, embed, false},
    };
    for (const auto& [model, count, known, pt] : rows)
        QTest::newRow(model) << QString(model) << count << QString(known) << pt;
}

void TestSafetensors::fixtures() {
    QFETCH(QString, model);
    QFETCH(int, count);
    QFETCH(QString, known);
    QFETCH(bool, formatPt);
    const std::string path = kModels + "/" + model.toStdString() + "/model.safetensors";
    const SafetensorsFile file(path);
    QCOMPARE(int(file.tensors().size()), count);
    for (const auto& t : file.tensors()) QCOMPARE(dtypeName(t.dtype), std::string_view("F32"));
    const auto& embed = file.at(known.toStdString());
    QCOMPARE(embed.shape, (std::vector<std::int64_t>{512, 64}));
    QCOMPARE(embed.nbytes(), std::uint64_t(512 * 64 * 4));
    if (formatPt)
        QCOMPARE(file.metadata(), (std::map<std::string, std::string>{{"format", "pt"}}));
    else
        QVERIFY(file.metadata().empty());
    // Tensors are sorted by offset and tile the data section.
    std::uint64_t expected = 0;
    for (const auto& t : file.tensors()) {
        QCOMPARE(t.begin, expected);
        expected = t.end;
    }
    const Checkpoint checkpoint(kModels + "/" + model.toStdString());
    QCOMPARE(int(checkpoint.names().size()), count);
    QCOMPARE(checkpoint.totalBytes(), expected);
    QVERIFY(std::memcmp(checkpoint.data(known.toStdString()), file.data(embed), embed.nbytes()) == 0);
    VERIFY_MOE_ERROR(file.at("no.such.tensor"), path, "no.such.tensor");
}

void TestSafetensors::everyFixtureOpens() {
    const QStringList models = QDir(QString::fromStdString(kModels)).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QVERIFY(models.size() >= 17);
    for (const auto& m : models) {
        const Checkpoint checkpoint(kModels + "/" + m.toStdString());
        QVERIFY2(!checkpoint.names().empty(), qPrintable(m));
    }
}

void TestSafetensors::roundTripEveryDtype_data() {
    QTest::addColumn<QString>("dtype");
    for (const char* d : {"F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL", "U16", "U32", "U64",
                          "F8_E4M3", "F8_E5M2"})
        QTest::newRow(d) << QString(d);
}

void TestSafetensors::roundTripEveryDtype() {
    QFETCH(QString, dtype);
    const auto parsed = parseDType(dtype.toStdString());
    QVERIFY(parsed);
    const DType dt = *parsed;
    const TensorSpec a{"layer.a", dt, {3, 5}};
    const TensorSpec b{"layer.b", dt, {7}};
    QCOMPARE(a.nbytes(), std::uint64_t(15 * dtypeSize(dt)));
    const auto bytesA = randomBytes(a.nbytes(), 1, dt == DType::BOOL);
    const auto bytesB = randomBytes(b.nbytes(), 2, dt == DType::BOOL);
    QTemporaryDir tmp;
    const std::map<std::string, std::string> meta{{"format", "pt"}, {"note", "ünïcode ✓"}};
    SafetensorsWriter writer(tmp.path().toStdString(), {a, b}, {.metadata = meta});
    QCOMPARE(writer.totalBytes(), a.nbytes() + b.nbytes());
    writer.write("layer.b", bytesB.data(), bytesB.size());
    writer.write("layer.a", bytesA.data(), bytesA.size());
    QCOMPARE(writer.bytesWritten(), writer.totalBytes());
    QCOMPARE(writer.commit(), (std::vector<std::string>{"model.safetensors"}));

    const SafetensorsFile file(tmp.filePath("model.safetensors").toStdString());
    QCOMPARE(file.metadata(), meta);
    QCOMPARE(int(file.tensors().size()), 2);
    const auto& ia = file.at("layer.a");
    QCOMPARE(ia.dtype, dt);
    QCOMPARE(ia.shape, a.shape);
    QVERIFY(sameBytes(file.data(ia), bytesA));
    QVERIFY(sameBytes(file.data(file.at("layer.b")), bytesB));
    QCOMPARE(entries(tmp.path()), QStringList{"model.safetensors"});

    // The same through writeSafetensorsFile.
    const std::string single = tmp.filePath("single.safetensors").toStdString();
    writeSafetensorsFile(single, {{a, bytesA.data()}, {b, bytesB.data()}});
    const SafetensorsFile again(single);
    QVERIFY(again.metadata().empty());
    QVERIFY(sameBytes(again.data(again.at("layer.a")), bytesA));
    QVERIFY(sameBytes(again.data(again.at("layer.b")), bytesB));
}

void TestSafetensors::emptyAndScalarTensors() {
    QTemporaryDir tmp;
    const float scalar = 3.5f;
    const std::int64_t count = 42;
    const std::vector<std::pair<TensorSpec, const void*>> items{
        {{"empty.f32", DType::F32, {0}}, nullptr},
        {{"scalar.f32", DType::F32, {}}, &scalar},
        {{"empty.i64", DType::I64, {3, 0, 2}}, nullptr},
        {{"scalar.i64", DType::I64, {}}, &count},
    };
    const std::string path = tmp.filePath("e.safetensors").toStdString();
    writeSafetensorsFile(path, items);
    const SafetensorsFile file(path);
    QCOMPARE(int(file.tensors().size()), 4);
    QCOMPARE(file.at("empty.f32").nbytes(), std::uint64_t(0));
    QCOMPARE(file.at("empty.i64").shape, (std::vector<std::int64_t>{3, 0, 2}));
    QVERIFY(file.at("scalar.f32").shape.empty());
    QCOMPARE(file.at("scalar.f32").numel(), std::uint64_t(1));
    float f = 0;
    std::memcpy(&f, file.data(file.at("scalar.f32")), 4);
    QCOMPARE(f, 3.5f);
    std::int64_t i = 0;
    std::memcpy(&i, file.data(file.at("scalar.i64")), 8);
    QCOMPARE(i, std::int64_t(42));
    const auto tensor = tensorView(file, file.at("empty.i64"));
    QCOMPARE(tensor.numel(), std::int64_t(0));
    QCOMPARE(tensor.dim(), std::int64_t(3));
    QCOMPARE(tensorView(file, file.at("scalar.f32")).item<float>(), 3.5f);
}

void TestSafetensors::headerLayout() {
    QTemporaryDir tmp;
    const std::vector<TensorSpec> specs{
        {"z.half", DType::F16, {3}}, {"a.float", DType::F32, {2}}, {"m.byte", DType::I8, {1}}};
    SafetensorsWriter writer(tmp.path().toStdString(), specs, {.metadata = {{"format", "pt"}}});
    const std::vector<std::byte> zero(8);
    writer.write("m.byte", zero.data(), 1);
    writer.write("z.half", zero.data(), 6);
    writer.write("a.float", zero.data(), 8);
    writer.commit();
    const std::string raw = readAll(tmp.filePath("model.safetensors").toStdString());
    std::uint64_t n = 0;
    std::memcpy(&n, raw.data(), 8);  // little-endian host
    QCOMPARE((8 + n) % 8, std::uint64_t(0));
    QCOMPARE(std::uint64_t(raw.size()), 8 + n + 15);
    const std::string header = raw.substr(8, n);
    const auto close = header.rfind('}');
    QVERIFY(header.find_first_not_of(' ', close + 1) == std::string::npos);  // padded with spaces only
    const auto pos = [&](const char* key) { return header.find(std::string("\"") + key + "\""); };
    QVERIFY(pos("__metadata__") < pos("z.half"));
    QVERIFY(pos("z.half") < pos("a.float"));
    QVERIFY(pos("a.float") < pos("m.byte"));
    const auto json = nlohmann::json::parse(header);
    QCOMPARE(json["z.half"]["data_offsets"], nlohmann::json({0, 6}));
    QCOMPARE(json["a.float"]["data_offsets"], nlohmann::json({6, 14}));
    QCOMPARE(json["m.byte"]["data_offsets"], nlohmann::json({14, 15}));
    QCOMPARE(json["a.float"]["dtype"], nlohmann::json("F32"));
    QCOMPARE(json["__metadata__"], nlohmann::json({{"format", "pt"}}));
}

void TestSafetensors::shardingBySize() {
    // Sizes 1000,1000,1000,6000,1000,0,1000 with a 2500-byte limit: [t0 t1] [t2] [t3 (oversized)] [t4 t5 t6].
    std::vector<TensorSpec> specs;
    std::vector<std::vector<std::byte>> data;
    const std::vector<std::int64_t> floats{250, 250, 250, 1500, 250, 0, 250};
    for (std::size_t i = 0; i < floats.size(); ++i) {
        specs.push_back({std::string(1, 't').append(std::to_string(i)), DType::F32, {floats[i]}});
        data.push_back(randomBytes(specs.back().nbytes(), unsigned(10 + i)));
    }
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    SafetensorsWriter writer(dir, specs, {.maxShardBytes = 2500, .metadata = {{"format", "pt"}}});
    std::vector<std::size_t> order{0, 1, 2, 3, 4, 5, 6};
    std::shuffle(order.begin(), order.end(), std::mt19937(7));
    for (const auto i : order) writer.write(specs[i].name, data[i].data(), data[i].size());
    const auto files = writer.commit();
    const std::vector<std::string> shardNames{"model-00001-of-00004.safetensors", "model-00002-of-00004.safetensors",
                                              "model-00003-of-00004.safetensors", "model-00004-of-00004.safetensors"};
    auto expectedFiles = shardNames;
    expectedFiles.push_back("model.safetensors.index.json");
    QCOMPARE(files, expectedFiles);
    QStringList listed;
    for (const auto& f : expectedFiles) listed << QString::fromStdString(f);
    listed.sort();
    QCOMPARE(entries(tmp.path()), listed);  // no temporary file left behind

    const auto index = nlohmann::json::parse(readAll(dir + "/model.safetensors.index.json"));
    QCOMPARE(index["metadata"]["total_size"].get<std::uint64_t>(), std::uint64_t(11000));
    const std::vector<int> shardOf{0, 0, 1, 2, 3, 3, 3};
    QCOMPARE(index["weight_map"].size(), specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i)
        QCOMPARE(index["weight_map"][specs[i].name].get<std::string>(), shardNames[shardOf[i]]);
    const SafetensorsFile third(dir + "/" + shardNames[2]);
    QCOMPARE(int(third.tensors().size()), 1);
    QCOMPARE(third.metadata().at("format"), std::string("pt"));

    const Checkpoint checkpoint(dir);
    QCOMPARE(int(checkpoint.files().size()), 4);
    QCOMPARE(int(checkpoint.names().size()), 7);
    for (std::size_t i = 0; i < specs.size(); ++i) {
        QCOMPARE(checkpoint.info(specs[i].name).shape, specs[i].shape);
        QVERIFY(sameBytes(checkpoint.data(specs[i].name), data[i]));
        QCOMPARE(QString::fromStdString(checkpoint.fileOf(specs[i].name).path()),
                 tmp.filePath(QString::fromStdString(shardNames[shardOf[i]])));
    }
}

void TestSafetensors::shardLimitIsInclusive() {
    QTemporaryDir tmp;
    const std::vector<std::byte> bytes(1000);
    SafetensorsWriter writer(tmp.path().toStdString(), {{"a", DType::U8, {1000}}, {"b", DType::U8, {1000}}},
                             {.maxShardBytes = 2000});
    writer.write("a", bytes.data(), 1000);
    writer.write("b", bytes.data(), 1000);
    QCOMPARE(writer.commit(), (std::vector<std::string>{"model.safetensors"}));

    QTemporaryDir tmp2;
    SafetensorsWriter split(tmp2.path().toStdString(), {{"a", DType::U8, {1000}}, {"b", DType::U8, {1000}}},
                            {.maxShardBytes = 1999, .baseName = "weights"});
    split.write("a", bytes.data(), 1000);
    split.write("b", bytes.data(), 1000);
    QCOMPARE(split.commit(), (std::vector<std::string>{"weights-00001-of-00002.safetensors",
                                                       "weights-00002-of-00002.safetensors",
                                                       "weights.safetensors.index.json"}));
}

void TestSafetensors::singleShardReplacesStaleIndex() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    const std::vector<std::byte> bytes(8, std::byte{1});
    {
        SafetensorsWriter sharded(dir, {{"a", DType::U8, {8}}, {"b", DType::U8, {8}}}, {.maxShardBytes = 8});
        sharded.write("a", bytes.data(), 8);
        sharded.write("b", bytes.data(), 8);
        QCOMPARE(sharded.commit().size(), std::size_t(3));
    }
    SafetensorsWriter single(dir, {{"c", DType::U8, {8}}});
    single.write("c", bytes.data(), 8);
    single.commit();
    QVERIFY(!QFile::exists(tmp.filePath("model.safetensors.index.json")));
    QCOMPARE(Checkpoint(dir).names(), std::vector<std::string>{"c"});
}

void TestSafetensors::uncommittedWriterLeavesNothing() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    const std::vector<std::byte> bytes(64);
    {
        SafetensorsWriter writer(dir, {{"a", DType::F32, {4}}, {"b", DType::F32, {4}}, {"c", DType::F32, {4}}},
                                 {.maxShardBytes = 16});
        writer.write("a", bytes.data(), 16);
        QVERIFY(!entries(tmp.path()).isEmpty());  // temporary files exist while writing
        for (const auto& e : entries(tmp.path())) QVERIFY2(e.startsWith(".") && e.contains(".tmp-"), qPrintable(e));
    }
    QCOMPARE(entries(tmp.path()), QStringList());
    {
        SafetensorsWriter writer(dir, {{"a", DType::F32, {4}}, {"b", DType::F32, {4}}});
        writer.write("a", bytes.data(), 16);
        VERIFY_MOE_ERROR(writer.commit(), "never written", "b");  // a failed commit is not a commit
    }
    QCOMPARE(entries(tmp.path()), QStringList());
    VERIFY_MOE_ERROR(SafetensorsWriter(dir, {{"a", DType::F32, {1}}, {"a", DType::F32, {1}}}), "twice", "a");
    QCOMPARE(entries(tmp.path()), QStringList());
}

void TestSafetensors::writerErrorsNameTheTensor() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    const std::vector<std::byte> bytes(64);
    SafetensorsWriter writer(dir, {{"alpha", DType::F32, {2}}, {"beta", DType::BF16, {3}}});
    writer.write("alpha", bytes.data(), 8);
    VERIFY_MOE_ERROR(writer.write("alpha", bytes.data(), 8), "twice", "alpha");
    VERIFY_MOE_ERROR(writer.write("beta", bytes.data(), 4), "declared 6", "beta");
    VERIFY_MOE_ERROR(writer.write("ghost", bytes.data(), 4), "not declared", "ghost");
    VERIFY_MOE_ERROR(writer.commit(), "never written", "beta");
    writer.write("beta", bytes.data(), 6);
    QCOMPARE(writer.commit().size(), std::size_t(1));
    VERIFY_MOE_ERROR(writer.write("beta", bytes.data(), 6), "after commit", "beta");

    VERIFY_MOE_ERROR(SafetensorsWriter(dir, {{"", DType::F32, {1}}}), "empty name", "");
    VERIFY_MOE_ERROR(SafetensorsWriter(dir, {{"neg", DType::F32, {2, -1}}}), "negative", "neg");
    VERIFY_MOE_ERROR(SafetensorsWriter(dir, {{"__metadata__", DType::F32, {1}}}), "reserved", "__metadata__");
    VERIFY_MOE_ERROR(SafetensorsWriter(dir + "/missing", {{"a", DType::F32, {1}}}), dir + "/missing", "");
    VERIFY_MOE_ERROR(writeSafetensorsFile(dir + "/x.safetensors", {{{"dup", DType::U8, {1}}, bytes.data()},
                                                                  {{"dup", DType::U8, {1}}, bytes.data()}}),
                     "twice", "dup");
    QVERIFY(!QFile::exists(tmp.filePath("x.safetensors")));
}

void TestSafetensors::tensorViewIsZeroCopy() {
    const Checkpoint checkpoint(kModels + "/llama");
    const std::string name = "model.embed_tokens.weight";
    const at::Tensor t = tensorView(checkpoint, name);
    QCOMPARE(t.scalar_type(), at::kFloat);
    QCOMPARE(t.sizes().vec(), (std::vector<std::int64_t>{512, 64}));
    const std::byte* begin = checkpoint.data(name);
    QCOMPARE(static_cast<const std::byte*>(t.data_ptr()), begin);  // inside the mapping, no copy
    std::vector<float> expected(512 * 64);
    std::memcpy(expected.data(), begin, expected.size() * 4);
    QCOMPARE(t[0][0].item<float>(), expected[0]);
    QCOMPARE(t[511][63].item<float>(), expected.back());
    QCOMPARE(t[100][7].item<float>(), expected[100 * 64 + 7]);
    QVERIFY(at::equal(t, at::from_blob(expected.data(), {512, 64}, at::kFloat)));
    QVERIFY(t.abs().sum().item<double>() > 0);
}

void TestSafetensors::tensorViewCopiesMisalignedData() {
    QTemporaryDir tmp;
    const std::string path = tmp.filePath("m.safetensors").toStdString();
    const std::uint16_t half[3] = {0x3c00, 0x4000, 0xbc00};  // 1, 2, -1
    const float floats[2] = {1.5f, -2.25f};
    const std::uint8_t fp8[1] = {0x38};
    writeSafetensorsFile(path, {{{"h", DType::F16, {3}}, half}, {{"f", DType::F32, {2}}, floats},
                                {{"e4m3", DType::F8_E4M3, {1}}, fp8}});
    const SafetensorsFile file(path);
    const auto& f = file.at("f");
    QCOMPARE(f.begin, std::uint64_t(6));  // declared order: misaligned for F32
    const at::Tensor t = tensorView(file, f);
    QVERIFY(static_cast<const std::byte*>(t.data_ptr()) != file.data(f));  // copied
    QCOMPARE(t[0].item<float>(), 1.5f);
    QCOMPARE(t[1].item<float>(), -2.25f);
    const at::Tensor h = tensorView(file, file.at("h"));
    QCOMPARE(static_cast<const std::byte*>(h.data_ptr()), file.data(file.at("h")));
    QCOMPARE(h.to(at::kFloat)[2].item<float>(), -1.0f);
    VERIFY_MOE_ERROR(tensorView(file, file.at("e4m3")), path, "e4m3");
}

void TestSafetensors::writeTensorsRoundTrip() {
    QTemporaryDir tmp;
    const std::string path = tmp.filePath("t.safetensors").toStdString();
    const at::Tensor base = at::arange(12, at::kFloat).reshape({3, 4});
    const std::vector<std::pair<std::string, at::Tensor>> tensors{
        {"f32", base},
        {"transposed", base.t()},  // not contiguous
        {"bf16", at::randn({5, 2}).to(at::kBFloat16)},
        {"f16", at::randn({4}).to(at::kHalf)},
        {"f64", at::randn({2, 2}, at::kDouble)},
        {"i64", at::arange(-3, 3, at::kLong)},
        {"i32", at::arange(6, at::kInt).reshape({2, 3})},
        {"i16", at::arange(4, at::kShort)},
        {"i8", at::arange(-2, 2, at::kChar)},
        {"u8", at::arange(250, 256, at::kByte)},
        {"bool", at::arange(5, at::kLong).remainder(2).to(at::kBool)},
        {"empty", at::empty({0, 3}, at::kFloat)},
        {"scalar", at::scalar_tensor(7.25, at::kFloat)},
    };
    writeTensors(path, tensors, {{"format", "pt"}});
    const SafetensorsFile file(path);
    QCOMPARE(file.metadata().at("format"), std::string("pt"));
    QCOMPARE(file.tensors().size(), tensors.size());
    for (const auto& [name, expected] : tensors) {
        const at::Tensor got = tensorView(file, file.at(name));
        QCOMPARE(got.scalar_type(), expected.scalar_type());
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        QVERIFY2(at::equal(got, expected.contiguous()), name.c_str());
    }
    QCOMPARE(tensorView(file, file.at("transposed"))[3][0].item<float>(), 3.0f);
}

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
