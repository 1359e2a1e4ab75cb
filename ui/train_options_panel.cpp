#include "ui/train_options_panel.h"

#include <nlohmann/json.hpp>

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

namespace moe {
namespace {

const char* const kPrefix = "train/options/";
const char* const kConfigDirKey = "train/configDirectory";

// Bounds as parseTrainOptions checks them (the seed within what a spin box holds).
QSpinBox* intBox(int min, int max, const QString& tip)
{
    auto* box = new QSpinBox;
    box->setRange(min, max);
    box->setGroupSeparatorShown(true);
    box->setToolTip(tip);
    return box;
}

QDoubleSpinBox* doubleBox(double min, double max, int decimals, double step, const QString& tip)
{
    auto* box = new QDoubleSpinBox;
    box->setDecimals(decimals);
    box->setRange(min, max);
    box->setSingleStep(step);
    box->setToolTip(tip);
    return box;
}

}  // namespace

TrainOptionsPanel::TrainOptionsPanel(QWidget* parent) : QWidget(parent)
{
    m_scope = new QComboBox;
    m_scope->setObjectName(QStringLiteral("trainableBox"));
    m_scope->addItem(tr("Routers / stitch layers"), int(TrainScope::Routers));
    m_scope->addItem(tr("Every weight (dense model)"), int(TrainScope::All));
    m_scope->addItem(tr("MLPs only (dense model)"), int(TrainScope::Mlp));
    m_scope->setToolTip(tr("What training updates; everything else stays frozen (\"trainable\" in a training config)"));
    connect(m_scope, &QComboBox::currentIndexChanged, this, &TrainOptionsPanel::changed);
    m_steps = intBox(1, 10'000'000, tr("Optimiser steps of the whole schedule"));
    m_batch = intBox(1, 4096, tr("Windows of text per step"));
    m_seqLen = intBox(2, 1 << 20, tr("Tokens per window"));
    m_lr = doubleBox(0, 10, 6, 1e-4, tr("Peak learning rate of AdamW, reached after the warm-up, then cosine decay to 10 %"));
    m_warmup = intBox(0, 10'000'000, tr("Steps of linear warm-up"));
    m_weightDecay = doubleBox(0, 10, 4, 0.01, tr("AdamW's decoupled weight decay"));
    m_clip = doubleBox(0, 1e9, 3, 0.1, tr("Global gradient-norm clipping; 0 turns it off"));
    m_clip->setSpecialValueText(tr("off"));
    m_alpha = doubleBox(0, 1e6, 4, 0.005, tr("Weight of the load-balancing loss added to the next-token loss"));
    m_seed = intBox(0, INT_MAX, tr("Seed of the batch sampling: the same seed and options give the same run"));
    m_evalFraction = doubleBox(0.001, 0.9, 3, 0.01, tr("The tail of every file held out for the evaluation"));
    m_evalEvery = intBox(1, 10'000'000, tr("Steps between held-out evaluations (the last step is always evaluated)"));
    m_evalBatches = intBox(1, 1'000'000, tr("Batches of held-out windows per evaluation"));
    const std::pair<QWidget*, const char*> names[] = {
        {m_steps, "stepsBox"},     {m_batch, "batchBox"},       {m_seqLen, "seqLenBox"},       {m_lr, "lrBox"},
        {m_warmup, "warmupBox"},   {m_weightDecay, "decayBox"}, {m_clip, "clipBox"},           {m_alpha, "alphaBox"},
        {m_seed, "seedBox"},       {m_evalFraction, "heldOutBox"}, {m_evalEvery, "evalEveryBox"}, {m_evalBatches, "evalBatchesBox"}};
    for (const auto& [w, name] : names) w->setObjectName(QLatin1String(name));
    for (QSpinBox* b : {m_steps, m_batch, m_seqLen, m_warmup, m_seed, m_evalEvery, m_evalBatches})
        connect(b, &QSpinBox::valueChanged, this, &TrainOptionsPanel::changed);
    for (QDoubleSpinBox* b : {m_lr, m_weightDecay, m_clip, m_alpha, m_evalFraction})
        connect(b, &QDoubleSpinBox::valueChanged, this, &TrainOptionsPanel::changed);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Trainable:"), m_scope);
    form->addRow(tr("Steps:"), m_steps);
    form->addRow(tr("Batch size:"), m_batch);
    form->addRow(tr("Sequence length:"), m_seqLen);
    form->addRow(tr("Learning rate:"), m_lr);
    form->addRow(tr("Warm-up steps:"), m_warmup);
    form->addRow(tr("Weight decay:"), m_weightDecay);
    form->addRow(tr("Gradient clip:"), m_clip);
    form->addRow(tr("Balance alpha:"), m_alpha);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(tr("Held-out fraction:"), m_evalFraction);
    form->addRow(tr("Evaluate every:"), m_evalEvery);
    form->addRow(tr("Eval batches:"), m_evalBatches);

    auto* load = new QPushButton(tr("Load From Config…"));
    load->setObjectName(QStringLiteral("loadOptionsButton"));
    load->setToolTip(tr("Read the options of a training config (or a composition config's alpha), as moe train does"));
    connect(load, &QPushButton::clicked, this, &TrainOptionsPanel::loadConfigInteractively);
    auto* defaults = new QPushButton(tr("Defaults"));
    defaults->setObjectName(QStringLiteral("defaultOptionsButton"));
    connect(defaults, &QPushButton::clicked, this, [this] { setOptions(TrainOptions{}); });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(load);
    buttons->addWidget(defaults);
    buttons->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addLayout(buttons);
    setOptions(TrainOptions{});
}

TrainOptions TrainOptionsPanel::options() const
{
    TrainOptions o;
    o.scope = static_cast<TrainScope>(m_scope->currentData().toInt());
    o.steps = m_steps->value();
    o.batchSize = m_batch->value();
    o.seqLen = m_seqLen->value();
    o.lr = m_lr->value();
    o.warmupSteps = m_warmup->value();
    o.weightDecay = m_weightDecay->value();
    o.clipNorm = m_clip->value();
    o.alpha = m_alpha->value();
    o.seed = static_cast<std::uint64_t>(m_seed->value());
    o.evalFraction = m_evalFraction->value();
    o.evalEvery = m_evalEvery->value();
    o.evalBatches = m_evalBatches->value();
    return o;
}

void TrainOptionsPanel::setOptions(const TrainOptions& o)
{
    m_scope->setCurrentIndex(std::max(0, m_scope->findData(int(o.scope))));
    m_steps->setValue(o.steps);
    m_batch->setValue(o.batchSize);
    m_seqLen->setValue(o.seqLen);
    m_lr->setValue(o.lr);
    m_warmup->setValue(o.warmupSteps);
    m_weightDecay->setValue(o.weightDecay);
    m_clip->setValue(o.clipNorm);
    m_alpha->setValue(o.alpha);
    m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(o.seed, INT_MAX)));
    m_evalFraction->setValue(o.evalFraction);
    m_evalEvery->setValue(o.evalEvery);
    m_evalBatches->setValue(o.evalBatches);
}

bool TrainOptionsPanel::loadConfig(const QString& path, QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error) *error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), why);
        return false;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return fail(file.errorString());
    const nlohmann::json config = nlohmann::json::parse(file.readAll().toStdString(), nullptr, false);
    if (config.is_discarded()) return fail(tr("not valid JSON"));
    std::vector<std::string> problems;
    const TrainOptions o = parseTrainOptions(config, problems);
    if (!problems.empty()) {
        QStringList lines;
        for (const auto& p : problems) lines << QString::fromStdString(p);
        return fail(lines.join(QLatin1Char('\n')));
    }
    setOptions(o);
    return true;
}

void TrainOptionsPanel::loadConfigInteractively()
{
    const QString start = QSettings().value(kConfigDirKey, QDir::homePath()).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Load Training Options"), start, tr("Configs (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    QSettings().setValue(kConfigDirKey, QFileInfo(path).absolutePath());
    QString error;
    if (!loadConfig(path, &error)) QMessageBox::warning(this, tr("Load Training Options"), error);
}

void TrainOptionsPanel::saveSettings() const
{
    QSettings s;
    const QString p = QLatin1String(kPrefix);
    const TrainOptions o = options();
    s.setValue(p + QLatin1String("trainable"), int(o.scope));
    s.setValue(p + QLatin1String("steps"), o.steps);
    s.setValue(p + QLatin1String("batchSize"), o.batchSize);
    s.setValue(p + QLatin1String("seqLen"), o.seqLen);
    s.setValue(p + QLatin1String("lr"), o.lr);
    s.setValue(p + QLatin1String("warmupSteps"), o.warmupSteps);
    s.setValue(p + QLatin1String("weightDecay"), o.weightDecay);
    s.setValue(p + QLatin1String("clipNorm"), o.clipNorm);
    s.setValue(p + QLatin1String("alpha"), o.alpha);
    s.setValue(p + QLatin1String("seed"), qulonglong(o.seed));
    s.setValue(p + QLatin1String("evalFraction"), o.evalFraction);
    s.setValue(p + QLatin1String("evalEvery"), o.evalEvery);
    s.setValue(p + QLatin1String("evalBatches"), o.evalBatches);
}

void TrainOptionsPanel::restoreSettings()
{
    QSettings s;
    const QString p = QLatin1String(kPrefix);
    TrainOptions o;
    o.scope = static_cast<TrainScope>(s.value(p + QLatin1String("trainable"), int(o.scope)).toInt());
    o.steps = s.value(p + QLatin1String("steps"), o.steps).toInt();
    o.batchSize = s.value(p + QLatin1String("batchSize"), o.batchSize).toInt();
    o.seqLen = s.value(p + QLatin1String("seqLen"), o.seqLen).toInt();
    o.lr = s.value(p + QLatin1String("lr"), o.lr).toDouble();
    o.warmupSteps = s.value(p + QLatin1String("warmupSteps"), o.warmupSteps).toInt();
    o.weightDecay = s.value(p + QLatin1String("weightDecay"), o.weightDecay).toDouble();
    o.clipNorm = s.value(p + QLatin1String("clipNorm"), o.clipNorm).toDouble();
    o.alpha = s.value(p + QLatin1String("alpha"), o.alpha).toDouble();
    o.seed = s.value(p + QLatin1String("seed"), qulonglong(o.seed)).toULongLong();
    o.evalFraction = s.value(p + QLatin1String("evalFraction"), o.evalFraction).toDouble();
    o.evalEvery = s.value(p + QLatin1String("evalEvery"), o.evalEvery).toInt();
    o.evalBatches = s.value(p + QLatin1String("evalBatches"), o.evalBatches).toInt();
    setOptions(o);  // the spin boxes clamp values out of range
}

}  // namespace moe
