#include "ui/compose_document.h"

#include "core/compose/mergekit_yaml.h"

#include "core/compose/native_export.h"
#include "core/error.h"
#include "core/io/json_file.h"
#include "core/io/read_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUndoStack>

#include <algorithm>
#include <exception>

namespace moe {

using nlohmann::ordered_json;

namespace {

constexpr int kCheckDelayMs = 250;  // debounce: typing a path re-checks the folders once it pauses

ordered_json defaultConfig()
{
    return ordered_json{{"moe_method", "btx"},
                        {"model_type", "moe_studio"},
                        {"num_experts_per_tok", 2},
                        {"experts", ordered_json::array()},
                        {"router_layers", {"mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"}},
                        {"router_layers_index", ordered_json::array()},
                        {"alpha", 0.01}};
}

QString jsonString(const ordered_json& object, const char* key)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return {};
    return QString::fromStdString(object[key].get<std::string>());
}

int expertOfKey(const QString& key)
{
    static const QRegularExpression pattern(QStringLiteral("^experts\\[(\\d+)\\]"));
    const auto match = pattern.match(key);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

}  // namespace

ComposeDocument::ComposeDocument(QObject* parent) : QObject(parent), m_undoStack(new QUndoStack(this))
{
    m_pool.setMaxThreadCount(2);
    m_checkTimer.setSingleShot(true);
    m_checkTimer.setInterval(kCheckDelayMs);
    connect(&m_checkTimer, &QTimer::timeout, this, &ComposeDocument::startCheck);
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this](bool clean) { emit modifiedChanged(!clean); });
    reset({defaultConfig(), {}, QStringLiteral("mixturekit")}, {});
}

ComposeDocument::~ComposeDocument()
{
    // Workers post their results to this object: let them finish before it goes.
    m_checkTimer.stop();
    m_pool.clear();
    m_pool.waitForDone();
}

void ComposeDocument::newConfig()
{
    reset({defaultConfig(), m_state.outputDir, m_state.format}, {});
}

bool ComposeDocument::load(const QString& path, QString* error)
{
    // Through the core, as moe build reads it: a FIFO or folder is refused (not waited on), and so is a huge file.
    std::string bytes;
    try {
        bytes = readFileBytes(QDir::toNativeSeparators(path).toStdString(), kMaxJsonFileBytes);
    } catch (const Error& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    if (isYamlPath(path.toStdString())) {
        // A mergekit-moe config becomes an untitled MixtureKit config (saving asks for a .json name).
        std::vector<ConfigProblem> problems;
        const auto converted = mergekitYamlToConfig(bytes, problems);
        if (!problems.empty()) {
            if (error)
                *error = tr("%1: cannot import this mergekit-moe config:\n%2")
                             .arg(QDir::toNativeSeparators(path), QString::fromStdString(formatProblems(problems)).trimmed());
            return false;
        }
        reset({ordered_json::parse(converted.dump()), m_state.outputDir, m_state.format}, QString());
        return true;
    }
    ordered_json json;
    try {
        json = parseOrderedJson(bytes, QDir::toNativeSeparators(path).toStdString());  // nesting limited, as moe build
    } catch (const Error& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    if (!json.is_object()) {
        if (error)
            *error = tr("%1: the config must be a JSON object").arg(QDir::toNativeSeparators(path));  // as moe build says
        return false;
    }
    // Folders may have changed since they were inspected: opening a config looks again.
    for (auto it = m_folders.begin(); it != m_folders.end();)
        it = m_inspecting.contains(it.key()) ? std::next(it) : m_folders.erase(it);
    reset({std::move(json), m_state.outputDir, m_state.format}, QFileInfo(path).absoluteFilePath());
    return true;
}

bool ComposeDocument::save(const QString& path, QString* error)
{
    QSaveFile file(path);
    const std::string text = m_state.config.dump(2) + "\n";
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size()) ||
        !file.commit()) {
        if (error)
            *error = tr("%1: cannot write the file (%2)").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    m_undoStack->setClean();
    setFileName(QFileInfo(path).absoluteFilePath());
    return true;
}

QString ComposeDocument::displayName() const
{
    return m_fileName.isEmpty() ? tr("Untitled") : QFileInfo(m_fileName).fileName();
}

bool ComposeDocument::isModified() const
{
    return !m_undoStack->isClean();
}

QString ComposeDocument::jsonText() const
{
    return QString::fromStdString(m_state.config.dump(2));
}

bool ComposeDocument::setJsonText(const QString& text, QString* error)
{
    ordered_json json;
    try {
        json = ordered_json::parse(text.toStdString());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    if (!json.is_object()) {
        if (error)
            *error = tr("the config must be a JSON object");
        return false;
    }
    edit(tr("Edit JSON"), QStringLiteral("json"), [&](ComposeState& s) { s.config = std::move(json); });
    return true;
}

// ---- experts as written ---------------------------------------------------------------------------

int ComposeDocument::expertCount() const
{
    const auto it = m_state.config.find("experts");
    return it != m_state.config.end() && it->is_array() ? int(it->size()) : 0;
}

QString ComposeDocument::expertName(int row) const
{
    return row >= 0 && row < expertCount() ? jsonString(m_state.config["experts"][std::size_t(row)], "expert_name")
                                           : QString();
}

QString ComposeDocument::expertPath(int row) const
{
    return row >= 0 && row < expertCount() ? jsonString(m_state.config["experts"][std::size_t(row)], "model_id")
                                           : QString();
}

QStringList ComposeDocument::expertPrompts(int row, bool positive) const
{
    QStringList out;
    if (row < 0 || row >= expertCount())
        return out;
    const auto& e = m_state.config["experts"][std::size_t(row)];
    const char* key = positive ? "positive_prompts" : "negative_prompts";
    if (e.is_object() && e.contains(key) && e[key].is_array())
        for (const auto& p : e[key])
            if (p.is_string())
                out << QString::fromStdString(p.get<std::string>());
    return out;
}

const ExpertFolderInfo* ComposeDocument::folderInfo(const QString& path) const
{
    const auto it = m_folders.constFind(path);
    return it == m_folders.constEnd() ? nullptr : &it.value();
}

// ---- facts ----------------------------------------------------------------------------------------

int ComposeDocument::numLayers() const
{
    const ExpertFolderInfo* info = folderInfo(expertPath(0));
    return info && info->ok ? info->layers : 0;
}

QString ComposeDocument::baseModelType() const
{
    const ExpertFolderInfo* info = folderInfo(expertPath(0));
    return info && info->ok ? info->modelType : QString();
}

QStringList ComposeDocument::availableProjections() const
{
    const ExpertFolderInfo* info = folderInfo(expertPath(0));
    return info && info->ok ? info->projections : routableProjections();
}

bool ComposeDocument::isBlockRouted(int block) const
{
    const auto& index = m_parsed.config.routerLayersIndex;
    return !index || std::find(index->begin(), index->end(), block) != index->end();
}

bool ComposeDocument::nativePossible() const
{
    const QString base = baseModelType();
    return m_parsed.config.method == ComposeMethod::Traditional && !base.isEmpty() &&
           nativeTargetFor(base.toStdString()) != nullptr;
}

// ---- state and validation -------------------------------------------------------------------------

void ComposeDocument::applyState(const ComposeState& state)
{
    m_state = state;
    reparse();
    emit changed();
}

void ComposeDocument::reset(ComposeState state, const QString& fileName)
{
    m_state = std::move(state);
    m_undoStack->clear();  // leaves the stack clean
    reparse();
    setFileName(fileName);
    emit changed();
    emit modifiedChanged(false);
}

void ComposeDocument::setFileName(const QString& fileName)
{
    if (fileName == m_fileName)
        return;
    m_fileName = fileName;
    emit fileNameChanged(m_fileName);
}

void ComposeDocument::reparse()
{
    m_parsed = parseComposeConfig(nlohmann::json(m_state.config));
    inspectPending();
    scheduleCheck();
    rebuildProblems();
}

QList<ComposeProblem> ComposeDocument::problems() const
{
    return m_problems;
}

bool ComposeDocument::isChecking() const
{
    return m_checkTimer.isActive() || m_checkRunning;
}

bool ComposeDocument::isValid() const
{
    return !isChecking() &&
           std::none_of(m_problems.begin(), m_problems.end(), [](const ComposeProblem& p) { return !p.warning; });
}

void ComposeDocument::checkNow()
{
    m_checkTimer.stop();
    startCheck();
}

void ComposeDocument::scheduleCheck()
{
    ++m_generation;
    m_checkTimer.start();
}

void ComposeDocument::startCheck()
{
    if (m_checkRunning)
        return;  // the running check sees it is stale when it ends and starts this one
    m_checkRunning = true;
    const quint64 generation = m_generation;
    m_pool.start([this, generation, config = m_parsed.config] {
        std::vector<ConfigProblem> problems;
        try {
            problems = checkExperts(config);
        } catch (const std::exception& e) {
            problems.push_back({"", std::string("cannot check the experts: ") + e.what()});
        }
        QMetaObject::invokeMethod(
            this,
            [this, generation, problems = std::move(problems)] {
                m_checkRunning = false;
                if (generation != m_generation) {
                    if (!m_checkTimer.isActive())
                        startCheck();  // checkNow() was called while this one ran
                    return;
                }
                m_checkProblems = problems;
                rebuildProblems();
            },
            Qt::QueuedConnection);
    });
}

void ComposeDocument::inspectPending()
{
    for (int i = 0; i < expertCount(); ++i) {
        const QString path = expertPath(i);
        if (path.isEmpty() || m_folders.contains(path) || m_inspecting.contains(path))
            continue;
        m_inspecting.insert(path);
        m_pool.start([this, path] {
            ExpertFolderInfo info = inspectExpertFolder(path);
            QMetaObject::invokeMethod(
                this,
                [this, path, info = std::move(info)] {
                    m_inspecting.remove(path);
                    m_folders.insert(path, info);
                    rebuildProblems();
                    emit folderInspected(path);
                },
                Qt::QueuedConnection);
        });
    }
}

void ComposeDocument::rebuildProblems()
{
    QList<ComposeProblem> out;
    QSet<QString> keys;
    const auto add = [&](const QString& key, const QString& message, bool warning) {
        out.push_back({key, message, warning, expertOfKey(key)});
    };
    for (const auto& p : m_parsed.problems) {
        add(QString::fromStdString(p.key), QString::fromStdString(p.message), false);
        keys.insert(QString::fromStdString(p.key));
    }
    // The folder check repeats what parsing already said about a key (an empty model_id): list it once.
    for (const auto& p : m_checkProblems)
        if (!keys.contains(QString::fromStdString(p.key)))
            add(QString::fromStdString(p.key), QString::fromStdString(p.message), false);

    // Beyond `moe build`'s checks: what the GUI needs to start a build, and warnings.
    if (m_state.outputDir.trimmed().isEmpty()) {
        add(QStringLiteral("output"), tr("choose the folder to write the model to"), false);
    } else {
        const QDir out(m_state.outputDir);
        if (out.exists() && !out.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
            add(QStringLiteral("output"), tr("the folder exists and is not empty: Build will ask to replace it"), true);
    }
    if (m_state.format == QLatin1String("native") && !nativePossible())
        add(QStringLiteral("format"),
            tr("native needs the Traditional method on an architecture with a native MoE class (Llama, Mistral, "
               "Qwen2, Qwen3); use mixturekit"),
            false);
    const ExpertFolderInfo* first = folderInfo(expertPath(0));
    if (first && first->ok && !first->tokenizer && expertCount() > 0)
        add(QStringLiteral("experts[0].model_id"),
            tr("no tokenizer.json: the output gets its tokenizer from experts[0], so it will have none"), true);
    for (int i = 1; first && first->tokenizer && i < expertCount(); ++i) {
        const ExpertFolderInfo* info = folderInfo(expertPath(i));
        if (info && info->ok && info->tokenizerHash != first->tokenizerHash)
            add(QStringLiteral("experts[%1].model_id").arg(i),
                info->tokenizer ? tr("its tokenizer differs from experts[0]'s, which the output uses")
                                : tr("no tokenizer.json (the output uses experts[0]'s)"),
                true);
    }
    m_problems = out;
    emit problemsChanged();
}

}  // namespace moe
