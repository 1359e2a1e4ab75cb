// RoPE inverse frequencies (default, linear, dynamic NTK, llama3, partial rotary) against the formulas,
// computed here in plain double math.

#include "core/model/hparams.h"
#include "core/model/rope.h"

#include <ATen/ATen.h>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace moe;
using nlohmann::json;

namespace {

const std::string kModels = MOE_TEST_DATA "/models";

// Compares a float32 inverse-frequency tensor with values computed in double, within `rel` relative.
void expectInvFreq(const at::Tensor& got, const std::vector<double>& want, double rel = 1e-6) {
    QCOMPARE(got.scalar_type(), at::kFloat);
    QCOMPARE(got.dim(), 1);
    QCOMPARE(got.size(0), static_cast<std::int64_t>(want.size()));
    const auto g = got.to(at::kDouble).contiguous();
    for (std::size_t i = 0; i < want.size(); ++i) {
        const double v = g[static_cast<std::int64_t>(i)].item<double>();
        QVERIFY2(std::fabs(v - want[i]) <= rel * std::fabs(want[i]),
                 qPrintable(QString("inv_freq[%1] = %2, expected %3").arg(i).arg(v, 0, 'g', 10).arg(want[i], 0, 'g', 10)));
    }
}

std::vector<double> defaultInvFreq(double theta, int dim) {
    std::vector<double> out;
    for (int i = 0; i < dim; i += 2) out.push_back(1.0 / std::pow(theta, static_cast<double>(i) / dim));
    return out;
}

RopeParams ropeOf(const std::string& object) {
    return parseRopeParams(json::parse(object), RopeParams{}, "test/config.json", "rope_parameters");
}

// The llama fixture's config with a JSON merge patch applied.
HParams llamaWith(const std::string& patch) {
    std::ifstream in(kModels + "/llama/config.json");
    auto c = json::parse(in);
    c.merge_patch(json::parse(patch));
    return parseHParams(c, "test/config.json");
}

}  // namespace

class TestRope : public QObject {
    Q_OBJECT

private slots:
    void ropeDefault() {
        expectInvFreq(ropeInvFreq(ropeOf(R"({"rope_type": "default", "rope_theta": 10000.0})"), 16, 256, 20),
                      defaultInvFreq(10000.0, 16));
        expectInvFreq(ropeInvFreq(ropeOf(R"({"rope_theta": 500000.0})"), 128, 8192, 20), defaultInvFreq(500000.0, 128));
        // Hand-computed: 1 / 10000^(2i/4) for i = 0, 1.
        expectInvFreq(ropeInvFreq(ropeOf(R"({"rope_theta": 10000.0})"), 4, 256, 20), {1.0, 0.01});
    }

    void ropeLinear() {
        auto want = defaultInvFreq(10000.0, 64);
        for (auto& v : want) v /= 2.0;
        expectInvFreq(ropeInvFreq(ropeOf(R"({"rope_type": "linear", "factor": 2.0})"), 64, 256, 20), want);
    }

    void ropeDynamic() {
        const auto rope = ropeOf(R"({"rope_type": "dynamic", "factor": 2.0, "rope_theta": 10000.0})");
        const auto plain = ropeInvFreq(ropeOf(R"({"rope_theta": 10000.0})"), 16, 256, 20);
        // Not longer than max_position_embeddings: the default frequencies.
        QVERIFY(at::equal(ropeInvFreq(rope, 16, 256, 20), plain));
        QVERIFY(at::equal(ropeInvFreq(rope, 16, 256, 256), plain));
        // Longer: NTK base = base * ((factor * seq / max) - (factor - 1)) ^ (d / (d - 2)).
        for (const std::int64_t seq : {300, 1024}) {
            const double base = 10000.0 * std::pow(2.0 * seq / 256.0 - 1.0, 16.0 / 14.0);
            expectInvFreq(ropeInvFreq(rope, 16, 256, seq), defaultInvFreq(base, 16));
        }
    }

    void ropeLlama3() {
        // Llama 3.1's parameters: wavelengths above 8192 are scaled by 1/8, below 2048 kept, smooth between.
        const double theta = 500000, factor = 8, low = 1, high = 4, oldContext = 8192;
        const auto rope = ropeOf(R"({"rope_type": "llama3", "rope_theta": 500000.0, "factor": 8.0, "low_freq_factor": 1.0,
                                     "high_freq_factor": 4.0, "original_max_position_embeddings": 8192})");
        std::vector<double> want;
        int lowBand = 0, highBand = 0, medium = 0;
        for (double f : defaultInvFreq(theta, 128)) {
            const double wavelen = 2 * M_PI / f;
            if (wavelen < oldContext / high) {
                want.push_back(f);
                ++highBand;
            } else if (wavelen > oldContext / low) {
                want.push_back(f / factor);
                ++lowBand;
            } else {
                const double smooth = (oldContext / wavelen - low) / (high - low);
                want.push_back((1 - smooth) * f / factor + smooth * f);
                ++medium;
            }
        }
        QVERIFY(lowBand > 0 && highBand > 0 && medium > 0);
        expectInvFreq(ropeInvFreq(rope, 128, 131072, 20), want);
        // The fixture's tiny variant (d = 16, original context 16).
        const auto fixture = loadHParams(kModels + "/llama3_rope").rope;
        std::vector<double> tiny;
        for (double f : defaultInvFreq(500000, 16)) {
            const double wavelen = 2 * M_PI / f;
            if (wavelen < 16.0 / 4) tiny.push_back(f);
            else if (wavelen > 16.0) tiny.push_back(f / 8);
            else {
                const double smooth = (16.0 / wavelen - 1) / 3;
                tiny.push_back((1 - smooth) * f / 8 + smooth * f);
            }
        }
        expectInvFreq(ropeInvFreq(fixture, 16, 256, 20), tiny);
    }

    void ropePartialRotary() {
        const auto inner = llamaWith(R"({"rope_parameters": {"rope_type": "default", "rope_theta": 10000.0, "partial_rotary_factor": 0.5}})");
        QCOMPARE(inner.rope.partialRotaryFactor, 0.5);
        const auto top = llamaWith(R"({"rope_parameters": null, "rope_theta": 10000.0, "partial_rotary_factor": 0.25})");
        QCOMPARE(top.rope.partialRotaryFactor, 0.25);
        // The rotary part of a 16-wide head at factor 0.5 is 8 wide: 1 / theta^(2i/8).
        const auto rotary = static_cast<std::int64_t>(inner.headDim * inner.rope.partialRotaryFactor);
        QCOMPARE(rotary, 8);
        expectInvFreq(ropeInvFreq(inner.rope, rotary, inner.maxPositions, 20), defaultInvFreq(10000.0, 8));
    }

};

QTEST_APPLESS_MAIN(TestRope)
#include "test_rope.moc"
