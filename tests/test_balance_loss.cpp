// The load-balancing loss against hand-computed values (DESIGN §1, MixtureKit's form) and its gradient.

#include "core/error.h"
#include "core/train/balance_loss.h"

#include <ATen/ATen.h>
#include <QtTest>

#include <cmath>

class TestBalanceLoss : public QObject {
    Q_OBJECT

private slots:
    void topKWeightsScatterTheKeptSoftmax() {
        const auto logits = at::tensor({1.0f, 3.0f, 2.0f, 0.0f, 0.0f, 5.0f, 0.0f, 1.0f}).view({2, 4});
        const auto u = moe::topKWeights(logits, 2);
        const double a = 1 / (1 + std::exp(-1.0));  // softmax([3, 2])[0]
        QVERIFY(std::abs(u[0][1].item<double>() - a) < 1e-6);
        QVERIFY(std::abs(u[0][2].item<double>() - (1 - a)) < 1e-6);
        QCOMPARE(u[0][0].item<double>(), 0.0);
        QVERIFY(std::abs(u[1][1].item<double>() - 1 / (1 + std::exp(-4.0))) < 1e-6);
        QVERIFY_THROWS_EXCEPTION(moe::Error, moe::topKWeights(logits, 5));
    }

    // Two tokens, two experts, k = 1: u is one-hot on the argmax, so the sum is p(0,0) + p(1,1).
    void handComputed() {
        const auto logits = at::tensor({1.0f, 0.0f, 0.0f, 2.0f}).view({2, 2});
        const double p00 = 1 / (1 + std::exp(-1.0)), p11 = 1 / (1 + std::exp(-2.0));
        const double alpha = 0.01, E = 2, N = 2;
        const double expected = alpha * E / N * (p00 + p11);
        QVERIFY(std::abs(moe::loadBalancingLoss(logits, 1, alpha).item<double>() - expected) < 1e-9);
        // Balanced routing minimises it: uniform logits give alpha · E/N · N · (1/E) = alpha (k = 1).
        QVERIFY(std::abs(moe::loadBalancingLoss(at::zeros({6, 3}), 1, 0.5).item<double>() - 0.5) < 1e-7);
        // k = E: u = p, the loss is alpha · E/N · Σ p².
        const auto z = at::randn({5, 4});
        const auto p = z.softmax(-1);
        QVERIFY(std::abs(moe::loadBalancingLoss(z, 4, 1.0).item<double>() - (p * p).sum().item<double>() * 4 / 5) < 1e-6);
    }

    // The gradient reaches the logits and pushes the over-used expert down.
    void gradient() {
        auto logits = at::tensor({2.0f, 0.0f, 2.0f, 0.0f, 2.0f, 0.0f}).view({3, 2}).requires_grad_();
        moe::loadBalancingLoss(logits, 1, 1.0).backward();
        const auto g = logits.grad();
        QVERIFY(g.defined());
        QVERIFY(g.select(1, 0).gt(0).all().item<bool>());  // descending lowers expert 0's logits
        QVERIFY(g.select(1, 1).lt(0).all().item<bool>());
    }
};

QTEST_GUILESS_MAIN(TestBalanceLoss)
#include "test_balance_loss.moc"
