#include "analyse_hand_trace.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

moe::Trace makeTrace()
{
    moe::Trace t;
    t.model = "hand-made";
    t.method = "btx";
    t.experts = {"alpha", "beta", "gamma"};
    for (int layer = 0; layer < 3; ++layer)
        for (const char* proj : {"mlp.gate_proj", "mlp.up_proj"}) t.sites.push_back({layer, proj});
    t.tokens = {"Hello", " world", "\n", "\tx", "!"};
    t.text = "Hello world\n\tx!";
    t.topK = 2;
    t.inputIds = {10, 11, 12, 13, 14};
    const std::size_t S = t.sites.size(), T = 5, E = 3;
    t.weights.assign(S * T * E, 0.0f);
    t.logits.assign(S * T * E, 0.0f);
    const auto set = [&](std::size_t s, std::size_t tok, float a, float b) {
        t.weights[(s * T + tok) * E + Alpha] = a;
        t.weights[(s * T + tok) * E + Beta] = b;
    };
    for (std::size_t s = 0; s < S; ++s) {
        const int layer = t.sites[s].layer;
        const bool gate = t.sites[s].proj == "mlp.gate_proj";
        set(s, 0, layer == 2 ? 1.0f : 0.4f, layer == 2 ? 0.0f : 0.6f);
        set(s, 1, gate ? 0.9f : 0.2f, gate ? 0.1f : 0.8f);
        set(s, 2, 0.7f, 0.3f);
        set(s, 3, 0.0f, 1.0f);
        set(s, 4, 0.5f, 0.5f);
    }
    return t;
}


bool writeHandTraceFiles(const QTemporaryDir& dir, QString* trace, QString* notTrace)
{
    *trace = dir.filePath(QStringLiteral("hand.safetensors"));
    moe::writeTrace(trace->toStdString(), makeTrace());
    *notTrace = dir.filePath(QStringLiteral("notes.safetensors"));
    QFile f(*notTrace);
    return QFile::exists(*trace) && f.open(QIODevice::WriteOnly) && f.write("this is not a safetensors file\n") > 0;
}

void isolateSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MoEStudio"));
    QCoreApplication::setApplicationName(QStringLiteral("MoE Studio"));
    QSettings().clear();
}
