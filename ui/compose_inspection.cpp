#include "ui/compose_inspection.h"

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/model/arch.h"
#include "core/model/hparams.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

#include <exception>
#include <utility>

namespace moe {

const QStringList& routableProjections()
{
    static const QStringList list = {
        QStringLiteral("mlp.gate_proj"),    QStringLiteral("mlp.up_proj"),      QStringLiteral("mlp.down_proj"),
        QStringLiteral("self_attn.q_proj"), QStringLiteral("self_attn.k_proj"), QStringLiteral("self_attn.v_proj"),
        QStringLiteral("self_attn.o_proj")};
    return list;
}

ExpertFolderInfo inspectExpertFolder(const QString& dir)
{
    ExpertFolderInfo info;
    try {
        const std::string path = QDir::toNativeSeparators(dir).toStdString();
        const HParams hp = loadHParams(path);
        const Checkpoint checkpoint(path);
        info.modelType = QString::fromStdString(hp.modelType);
        info.architecture = QString::fromStdString(hp.arch->displayName);
        info.dtype = QString::fromStdString(hp.dtype);
        info.layers = static_cast<int>(hp.numLayers);
        info.bytes = static_cast<qint64>(checkpoint.totalBytes());
        for (const auto& name : checkpoint.names())
            info.parameters += static_cast<qint64>(checkpoint.info(name).numel());
        // The same test as checkExperts: a projection is routable where the architecture's tensor
        // template is MixtureKit's own name.
        const TensorNames& n = hp.arch->names;
        const std::pair<const char*, const std::string*> templates[] = {
            {"mlp.gate_proj", &n.gate},    {"mlp.up_proj", &n.up},        {"mlp.down_proj", &n.down},
            {"self_attn.q_proj", &n.q},    {"self_attn.k_proj", &n.k},    {"self_attn.v_proj", &n.v},
            {"self_attn.o_proj", &n.o}};
        for (const auto& [name, tmpl] : templates)
            if (*tmpl == name) info.projections << QLatin1String(name);
        info.ok = true;
    } catch (const std::exception& e) {
        info.ok = false;
        info.error = QString::fromStdString(e.what());
    }
    QFile tokenizer(QDir(dir).filePath(QStringLiteral("tokenizer.json")));
    if (tokenizer.open(QIODevice::ReadOnly)) {
        info.tokenizer = true;
        QCryptographicHash hash(QCryptographicHash::Sha1);
        hash.addData(&tokenizer);
        info.tokenizerHash = hash.result();
    }
    return info;
}

}  // namespace moe
