#pragma once
// What the Compose page shows about one expert folder (architecture, parameters, dtype, tokenizer,
// routable projections), read from config.json and the safetensors headers only — never tensor data —
// so it is cheap enough to run on every add, yet still done off the GUI thread (network drives, large
// sharded checkpoints). No widgets, no LibTorch: plain data for the document and its tests.

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace moe {

struct ExpertFolderInfo {
    bool ok = false;
    QString error;            // why the folder cannot be used (moe::Error's message)
    QString modelType;        // config.json model_type, e.g. "llama"
    QString architecture;     // display name, e.g. "Llama"
    QString dtype;            // the checkpoint's dtype as config.json states it
    qint64 parameters = 0;
    qint64 bytes = 0;
    int layers = 0;
    bool tokenizer = false;   // tokenizer.json present
    QByteArray tokenizerHash; // SHA-1 of tokenizer.json: experts with different tokenizers are flagged
    // Projections this architecture stores as separate tensors under MixtureKit's names, which are the
    // only ones BTX can route (e.g. Phi-3's fused qkv / gate_up leave o_proj and down_proj).
    QStringList projections;
};

// Every projection a config may route, in display order.
const QStringList& routableProjections();

// Inspects `dir`; never throws (a bad folder gives ok = false and the error).
ExpertFolderInfo inspectExpertFolder(const QString& dir);

}  // namespace moe
