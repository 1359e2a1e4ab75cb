// ComposeDocument's edits: each builds the new state from the current one and pushes it as one
// ComposeStateCommand (see compose_commands.h).

#include "ui/compose_commands.h"
#include "ui/compose_document.h"

#include <QDir>
#include <QFileInfo>
#include <QUndoStack>

#include <algorithm>
#include <set>

namespace moe {

using nlohmann::ordered_json;

namespace {

// A name for a new expert from its folder, unique among `taken` (which it joins).
QString uniqueName(const QString& folder, QSet<QString>& taken)
{
    QString base = QFileInfo(QDir::cleanPath(folder)).fileName();
    if (base.isEmpty())
        base = QStringLiteral("expert");
    QString name = base;
    for (int i = 2; taken.contains(name); ++i)
        name = QStringLiteral("%1_%2").arg(base).arg(i);
    taken.insert(name);
    return name;
}

}  // namespace

void ComposeDocument::edit(const QString& text, const QString& mergeKey,
                           const std::function<void(ComposeState&)>& change)
{
    ComposeState after = m_state;
    change(after);
    if (after == m_state)
        return;
    m_undoStack->push(new ComposeStateCommand(this, text, m_state, std::move(after), mergeKey));
}

void ComposeDocument::editExperts(const QString& text, const QString& mergeKey,
                                  const std::function<void(ordered_json&)>& change)
{
    edit(text, mergeKey, [&](ComposeState& s) {
        auto& experts = s.config["experts"];
        if (!experts.is_array())
            experts = ordered_json::array();
        change(experts);
    });
}

void ComposeDocument::setMethod(ComposeMethod method)
{
    edit(tr("Change Method"), {}, [&](ComposeState& s) {
        auto& c = s.config;
        c["moe_method"] = methodName(method);
        // Fields the new method hides must not hold problems the user cannot see to fix.
        if (method == ComposeMethod::Bts) {
            if (!c.contains("stitch_freq"))
                c["stitch_freq"] = 1;
            c.erase("gate_init");  // BTS has stitch layers, not routers
        }
        if (method == ComposeMethod::Traditional && c.contains("router_layers") && c["router_layers"].is_array()) {
            ordered_json mlp = ordered_json::array();
            for (const auto& p : c["router_layers"])
                if (p.is_string() && p.get<std::string>().rfind("mlp.", 0) == 0)
                    mlp.push_back(p);
            c["router_layers"] = mlp;
        }
        if (method == ComposeMethod::Btx &&
            (!c.contains("router_layers") || !c["router_layers"].is_array() || c["router_layers"].empty()))
            c["router_layers"] = {"mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"};
        if (method != ComposeMethod::Bts && !c.contains("num_experts_per_tok"))
            c["num_experts_per_tok"] = std::clamp(expertCount(), 1, 2);
    });
}

void ComposeDocument::setModelType(const QString& type)
{
    edit(tr("Change Model Type"), QStringLiteral("model_type"),
         [&](ComposeState& s) { s.config["model_type"] = type.toStdString(); });
}

void ComposeDocument::setTopK(int k)
{
    edit(tr("Change Top-k"), QStringLiteral("num_experts_per_tok"),
         [&](ComposeState& s) { s.config["num_experts_per_tok"] = k; });
}

void ComposeDocument::setAlpha(double alpha)
{
    edit(tr("Change Alpha"), QStringLiteral("alpha"), [&](ComposeState& s) { s.config["alpha"] = alpha; });
}

void ComposeDocument::setStitchFreq(int freq)
{
    edit(tr("Change Stitch Frequency"), QStringLiteral("stitch_freq"),
         [&](ComposeState& s) { s.config["stitch_freq"] = freq; });
}

void ComposeDocument::setGateInit(GateInit init)
{
    edit(tr("Change Gate Initialisation"), {}, [&](ComposeState& s) {
        if (init == GateInit::Random)
            s.config.erase("gate_init");  // the default: a config without the key means the same
        else
            s.config["gate_init"] = gateInitName(init);
    });
}

void ComposeDocument::setDtype(const QString& dtype)
{
    edit(tr("Change Output Dtype"), {}, [&](ComposeState& s) {
        if (dtype.isEmpty())
            s.config.erase("dtype");
        else
            s.config["dtype"] = dtype.toStdString();
    });
}

void ComposeDocument::setBaseModel(const QString& folder)
{
    edit(tr("Change Base Model"), QStringLiteral("base_model"), [&](ComposeState& s) {
        if (folder.isEmpty())
            s.config.erase("base_model");
        else
            s.config["base_model"] = folder.toStdString();
    });
}

void ComposeDocument::setRouterLayer(const QString& projection, bool routed)
{
    edit(routed ? tr("Route %1").arg(projection) : tr("Unroute %1").arg(projection), {}, [&](ComposeState& s) {
        auto& list = s.config["router_layers"];
        if (!list.is_array())
            list = ordered_json::array();
        const std::string name = projection.toStdString();
        ordered_json out = ordered_json::array();
        // Kept in the canonical order so that toggling back and forth gives the same JSON.
        for (const QString& p : routableProjections()) {
            const std::string pn = p.toStdString();
            const bool present = std::find(list.begin(), list.end(), pn) != list.end();
            if (pn == name ? routed : present)
                out.push_back(pn);
        }
        for (const auto& p : list)  // entries that are not routable projections stay, and stay reported
            if (!p.is_string() || !routableProjections().contains(QString::fromStdString(p.get<std::string>())))
                out.push_back(p);
        list = out;
    });
}

void ComposeDocument::setRouterBlocks(const std::optional<std::vector<int>>& blocks)
{
    edit(tr("Change Blocks"), {}, [&](ComposeState& s) {
        if (!blocks)
            s.config["router_layers_index"] = ordered_json::array();
        else if (blocks->empty())
            s.config["router_layers_index"] = ordered_json::array({nullptr});
        else
            s.config["router_layers_index"] = *blocks;
    });
}

void ComposeDocument::setBlockRouted(int block, bool routed)
{
    const int n = numLayers();
    if (block < 0 || block >= n)
        return;
    std::set<int> selected;
    for (int b = 0; b < n; ++b)
        if (isBlockRouted(b))
            selected.insert(b);
    if (routed)
        selected.insert(block);
    else
        selected.erase(block);
    if (int(selected.size()) == n)
        setRouterBlocks(std::nullopt);
    else
        setRouterBlocks(std::vector<int>(selected.begin(), selected.end()));
}

void ComposeDocument::addExperts(const QStringList& folders)
{
    if (folders.isEmpty())
        return;
    QSet<QString> taken;
    for (int i = 0; i < expertCount(); ++i)
        taken.insert(expertName(i));
    for (const QString& f : folders)  // re-adding a folder looks at it again
        if (!m_inspecting.contains(f))
            m_folders.remove(f);
    editExperts(folders.size() == 1 ? tr("Add Expert") : tr("Add %n Experts", nullptr, int(folders.size())), {},
                [&](ordered_json& experts) {
                    for (const QString& f : folders)
                        experts.push_back(
                            {{"expert_name", uniqueName(f, taken).toStdString()}, {"model_id", f.toStdString()}});
                });
}

void ComposeDocument::removeExpert(int row)
{
    if (row < 0 || row >= expertCount())
        return;
    edit(tr("Remove Expert"), {}, [&](ComposeState& s) {
        s.config["experts"].erase(std::size_t(row));
        // Keep top-k within the experts that are left.
        const int left = int(s.config["experts"].size());
        auto& k = s.config["num_experts_per_tok"];
        if (left >= 1 && k.is_number_integer() && k.get<int>() > left)
            k = left;
    });
}

void ComposeDocument::moveExpert(int from, int to)
{
    const int n = expertCount();
    if (from < 0 || from >= n || to < 0 || to >= n || from == to)
        return;
    editExperts(tr("Move Expert"), {}, [&](ordered_json& experts) {
        ordered_json moved = experts[std::size_t(from)];
        experts.erase(std::size_t(from));
        experts.insert(experts.begin() + to, std::move(moved));
    });
}

void ComposeDocument::setExpertName(int row, const QString& name)
{
    if (row < 0 || row >= expertCount())
        return;
    editExperts(tr("Rename Expert"), QStringLiteral("experts/%1/expert_name").arg(row), [&](ordered_json& experts) {
        auto& e = experts[std::size_t(row)];
        if (e.is_object())
            e["expert_name"] = name.toStdString();
    });
}

void ComposeDocument::setExpertPrompts(int row, const QStringList& positive, const QStringList& negative)
{
    if (row < 0 || row >= expertCount())
        return;
    editExperts(tr("Edit Prompts"), {}, [&](ordered_json& experts) {
        auto& e = experts[std::size_t(row)];
        if (!e.is_object())
            return;
        const auto set = [&e](const char* key, const QStringList& prompts) {
            if (prompts.isEmpty()) {
                e.erase(key);
                return;
            }
            ordered_json list = ordered_json::array();
            for (const QString& p : prompts)
                list.push_back(p.toStdString());
            e[key] = list;
        };
        set("positive_prompts", positive);
        set("negative_prompts", negative);
    });
}

void ComposeDocument::setOutputDir(const QString& dir)
{
    edit(tr("Change Output Folder"), QStringLiteral("output"), [&](ComposeState& s) { s.outputDir = dir; });
}

void ComposeDocument::setFormat(const QString& format)
{
    edit(tr("Change Output Format"), {}, [&](ComposeState& s) { s.format = format; });
}

}  // namespace moe
