#pragma once
// The Train page's options: one field per TrainOptions value (what is trainable, steps, batch, sequence length, learning
// rate, warm-up, weight decay, clipping, alpha, seed, held-out fraction, evaluation interval and size),
// with the trainer's bounds, "Load From Config…" (a training or composition config read with
// parseTrainOptions, as `moe train CONFIG.json` reads it) and "Defaults". Remembered with QSettings.

#include "core/train/train_options.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace moe {

class TrainOptionsPanel : public QWidget {
    Q_OBJECT

public:
    explicit TrainOptionsPanel(QWidget* parent = nullptr);

    TrainOptions options() const;
    void setOptions(const TrainOptions& options);
    // Reads the options of a JSON config; false and `error` (every problem, one per line) if it cannot
    // be read or has bad values — the fields are unchanged then.
    bool loadConfig(const QString& path, QString* error);

    void saveSettings() const;
    void restoreSettings();

    QSpinBox* stepsBox() const { return m_steps; }
    QSpinBox* evalEveryBox() const { return m_evalEvery; }
    QDoubleSpinBox* alphaBox() const { return m_alpha; }

signals:
    void changed();

private:
    void loadConfigInteractively();

    QComboBox* m_scope = nullptr;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_seqLen = nullptr;
    QDoubleSpinBox* m_lr = nullptr;
    QSpinBox* m_warmup = nullptr;
    QDoubleSpinBox* m_weightDecay = nullptr;
    QDoubleSpinBox* m_clip = nullptr;
    QDoubleSpinBox* m_alpha = nullptr;
    QSpinBox* m_seed = nullptr;
    QDoubleSpinBox* m_evalFraction = nullptr;
    QSpinBox* m_evalEvery = nullptr;
    QSpinBox* m_evalBatches = nullptr;
};

}  // namespace moe
