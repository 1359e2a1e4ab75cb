#pragma once
// The Compose page's document (DESIGN §8, after Tiled's Document): the composition config being edited,
// every edit a QUndoCommand on the document's QUndoStack, the clean index of that stack as the saved
// state, and live validation. No widgets: the tests drive it headless.
//
// The config is kept as the JSON the user wrote (key order, unknown keys and all) and edits change only
// the keys they are about, so an existing MixtureKit dictionary is saved back exactly as it came with
// only the user's changes; unknown keys stay and are reported, as `moe build` reports them. The typed
// view (config()) is parseComposeConfig's reading of that JSON.
//
// Validation is `moe build`'s: parseComposeConfig on every edit (cheap, synchronous) and checkExperts,
// which opens every expert's headers, debounced and run on a worker thread. Each expert folder is also
// inspected once (cached per folder) for the experts table. The output folder and format are not part
// of the MixtureKit dictionary and are not saved in it, but their edits are undoable like the rest.

#include "core/compose/compose_config.h"
#include "core/compose/expert_check.h"
#include "ui/compose_inspection.h"

#include <nlohmann/json.hpp>

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>

#include <functional>
#include <optional>
#include <vector>

class QUndoStack;

namespace moe {

// Everything an undo command swaps: the JSON config plus the output settings.
struct ComposeState {
    nlohmann::ordered_json config;
    QString outputDir;
    QString format = QStringLiteral("mixturekit");  // "mixturekit" | "native"
    bool operator==(const ComposeState& other) const
    {
        return config == other.config && outputDir == other.outputDir && format == other.format;
    }
};

struct ComposeProblem {
    QString key;        // JSON path as parseComposeConfig / checkExperts name it, e.g. "experts[1].model_id"
    QString message;
    bool warning = false;  // warnings do not block the build (moe build would accept the config)
    int expert = -1;       // the experts row the key points into, -1 if none
    QString text() const { return key.isEmpty() ? message : key + QStringLiteral(": ") + message; }
};

class ComposeDocument : public QObject {
    Q_OBJECT

public:
    explicit ComposeDocument(QObject* parent = nullptr);
    ~ComposeDocument() override;

    QUndoStack* undoStack() const { return m_undoStack; }

    // Files. load() replaces the document (the undo history is cleared) and accepts any JSON object,
    // however wrong, so the user can fix it here; only unreadable files and non-objects fail. A .yaml /
    // .yml file is imported as a mergekit-moe config into an untitled document (core/compose/mergekit_yaml.h).
    void newConfig();
    bool load(const QString& path, QString* error);
    bool save(const QString& path, QString* error);  // atomic (QSaveFile); marks the stack clean
    QString fileName() const { return m_fileName; }
    QString displayName() const;  // file name, or "Untitled"
    bool isModified() const;

    // The config as JSON text (2-space indent) and as parsed.
    QString jsonText() const;
    const nlohmann::ordered_json& json() const { return m_state.config; }
    const ComposeConfig& config() const { return m_parsed.config; }
    const ComposeState& state() const { return m_state; }
    // Replaces the whole config from text ("Edit JSON", merged while typing). False and `error` when the
    // text is not a JSON object; the document is unchanged then.
    bool setJsonText(const QString& text, QString* error);

    // Experts as written in the JSON (rows stay aligned with experts[i] even where an entry is invalid).
    int expertCount() const;
    QString expertName(int row) const;
    QString expertPath(int row) const;
    QStringList expertPrompts(int row, bool positive) const;
    // The inspection of a folder; nullptr until it has been inspected.
    const ExpertFolderInfo* folderInfo(const QString& path) const;

    // Edits: each pushes one undoable command (none when nothing changes).
    void setMethod(ComposeMethod method);
    void setModelType(const QString& type);
    void setTopK(int k);
    void setAlpha(double alpha);
    void setStitchFreq(int freq);
    void setGateInit(GateInit init);
    void setDtype(const QString& dtype);          // "" = the experts' dtype
    void setBaseModel(const QString& folder);     // "" = average the experts
    void setRouterLayer(const QString& projection, bool routed);
    // router_layers_index: nullopt = every block ([]), empty = none ([null]), else these blocks.
    void setRouterBlocks(const std::optional<std::vector<int>>& blocks);
    void setBlockRouted(int block, bool routed);  // needs numLayers()
    void addExperts(const QStringList& folders);  // names from the folder names, made unique
    void removeExpert(int row);
    void moveExpert(int from, int to);
    void setExpertName(int row, const QString& name);
    void setExpertPrompts(int row, const QStringList& positive, const QStringList& negative);
    void setOutputDir(const QString& dir);
    void setFormat(const QString& format);

    // Facts from the first expert once inspected (0 / empty before).
    int numLayers() const;
    QString baseModelType() const;
    QStringList availableProjections() const;  // every routable projection until known
    bool isBlockRouted(int block) const;
    bool nativePossible() const;

    // Validation.
    QList<ComposeProblem> problems() const;
    bool isChecking() const;  // the folder check is pending or running: problems() may be stale
    bool isValid() const;     // no error and not checking: Build may start
    // Starts the folder check now instead of after the debounce (tests, the Build button).
    void checkNow();

    // Makes `state` current without a command: what the undo commands call.
    void applyState(const ComposeState& state);

signals:
    void changed();          // the config or output settings changed (any edit, undo, redo, load)
    void problemsChanged();  // problems() or isChecking() changed
    void folderInspected(const QString& path);
    void fileNameChanged(const QString& fileName);
    void modifiedChanged(bool modified);

private:
    // Runs `change` on a copy of the state and pushes the result as one command named `text`;
    // consecutive edits with the same non-empty `mergeKey` (typing in one field) merge into one.
    void edit(const QString& text, const QString& mergeKey, const std::function<void(ComposeState&)>& change);
    void editExperts(const QString& text, const QString& mergeKey,
                     const std::function<void(nlohmann::ordered_json& experts)>& change);
    void reset(ComposeState state, const QString& fileName);
    void reparse();
    void rebuildProblems();
    void scheduleCheck();
    void startCheck();
    void inspectPending();
    void setFileName(const QString& fileName);

    QUndoStack* m_undoStack = nullptr;
    ComposeState m_state;
    ParsedComposeConfig m_parsed;
    QString m_fileName;

    // Folder check (checkExperts) on m_pool, debounced by m_checkTimer; results of a superseded
    // generation are dropped.
    QThreadPool m_pool;
    QTimer m_checkTimer;
    quint64 m_generation = 0;
    bool m_checkRunning = false;
    std::vector<ConfigProblem> m_checkProblems;
    QHash<QString, ExpertFolderInfo> m_folders;  // inspected folders, by path as written
    QSet<QString> m_inspecting;
    QList<ComposeProblem> m_problems;
};

}  // namespace moe
