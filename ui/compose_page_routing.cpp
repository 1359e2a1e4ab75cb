// The Compose page's routing fields: router layers (BTX), blocks (range + per-block toggles), top-k,
// alpha, stitch frequency (BTS), gate initialisation and the optional base model.

#include "ui/compose_document.h"
#include "ui/compose_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace moe {

namespace {

constexpr int kBlockColumns = 12;

// A labelled row that hides as a whole (a QFormLayout row would leave its label behind).
QWidget* makeRow(const QString& label, QWidget* content, const QString& help = {})
{
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* name = new QLabel(label);
    name->setMinimumWidth(110);
    name->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(name, 0, Qt::AlignTop);
    layout->addWidget(content, help.isEmpty() ? 1 : 0);
    if (!help.isEmpty()) {
        auto* text = new QLabel(help);
        text->setWordWrap(true);
        text->setEnabled(false);  // the palette's muted text
        layout->addWidget(text, 1);
    }
    row->setToolTip(help);
    return row;
}

QString gateInitHelp(GateInit init)
{
    switch (init) {
    case GateInit::Random:
        return ComposePage::tr("routers start random (seeded); train them afterwards");
    case GateInit::Hidden:
        return ComposePage::tr("each expert's router row is the model's hidden state on its prompts (mergekit "
                               "\"hidden\"); needs prompts for every expert");
    case GateInit::CheapEmbed:
        return ComposePage::tr("each expert's router row is the sum of its prompts' token embeddings (mergekit "
                               "\"cheap_embed\"); needs prompts for every expert");
    }
    return {};
}

}  // namespace

QWidget* ComposePage::createRoutingGroup()
{
    auto* box = new QGroupBox(tr("Routing"));
    auto* layout = new QVBoxLayout(box);

    auto* projections = new QWidget;
    auto* grid = new QGridLayout(projections);
    grid->setContentsMargins(0, 0, 0, 0);
    const QStringList& all = routableProjections();
    for (int i = 0; i < all.size(); ++i) {
        auto* check = new QCheckBox(all[i]);
        check->setObjectName(QStringLiteral("projection_") + all[i]);
        connect(check, &QCheckBox::toggled, this, [this, name = all[i]](bool on) { m_doc->setRouterLayer(name, on); });
        grid->addWidget(check, i / 4, i % 4);
        m_projectionBoxes << check;
    }
    m_projectionsRow = makeRow(tr("Router layers:"), projections);
    m_projectionsRow->setToolTip(tr("Projections that become expert banks with their own router"));
    m_traditionalNote = new QLabel(tr("Traditional routes the whole MLP (gate, up and down projections) of each "
                                      "selected block."));
    m_traditionalNote->setWordWrap(true);

    auto* blocks = new QWidget;
    auto* blocksLayout = new QVBoxLayout(blocks);
    blocksLayout->setContentsMargins(0, 0, 0, 0);
    auto* range = new QHBoxLayout;
    auto* allBlocks = new QPushButton(tr("All"));
    allBlocks->setObjectName(QStringLiteral("allBlocksButton"));
    connect(allBlocks, &QPushButton::clicked, this, [this] { m_doc->setRouterBlocks(std::nullopt); });
    auto* noBlocks = new QPushButton(tr("None"));
    noBlocks->setObjectName(QStringLiteral("noBlocksButton"));
    connect(noBlocks, &QPushButton::clicked, this, [this] { m_doc->setRouterBlocks(std::vector<int>{}); });
    m_blockFrom = new QSpinBox;
    m_blockFrom->setObjectName(QStringLiteral("blockFromSpinBox"));
    m_blockTo = new QSpinBox;
    m_blockTo->setObjectName(QStringLiteral("blockToSpinBox"));
    auto* setRange = new QPushButton(tr("Set Range"));
    setRange->setObjectName(QStringLiteral("setBlockRangeButton"));
    connect(setRange, &QPushButton::clicked, this, &ComposePage::applyBlockRange);
    range->addWidget(allBlocks);
    range->addWidget(noBlocks);
    range->addWidget(new QLabel(tr("from")));
    range->addWidget(m_blockFrom);
    range->addWidget(new QLabel(tr("to")));
    range->addWidget(m_blockTo);
    range->addWidget(setRange);
    range->addStretch(1);
    m_blockGridHost = new QWidget;
    m_blockGrid = new QGridLayout(m_blockGridHost);
    m_blockGrid->setContentsMargins(0, 0, 0, 0);
    m_blockGrid->setColumnStretch(kBlockColumns, 1);  // pack the check boxes to the left
    m_blocksNote = new QLabel(tr("Add an expert to choose the blocks."));
    blocksLayout->addLayout(range);
    blocksLayout->addWidget(m_blockGridHost);
    blocksLayout->addWidget(m_blocksNote);
    m_blocksRow = makeRow(tr("Blocks:"), blocks);
    m_blocksRow->setToolTip(tr("Blocks that become MoE blocks (router_layers_index); the others keep the experts' "
                               "averaged dense weights"));

    m_topK = new QSpinBox;
    m_topK->setObjectName(QStringLiteral("topKSpinBox"));
    m_topK->setRange(1, 1);
    connect(m_topK, &QSpinBox::valueChanged, m_doc, &ComposeDocument::setTopK);
    m_topKRow = makeRow(tr("Top-k:"), m_topK, tr("experts each token is sent to (at most the number of experts)"));

    m_alpha = new QDoubleSpinBox;
    m_alpha->setObjectName(QStringLiteral("alphaSpinBox"));
    m_alpha->setRange(0, 100);
    m_alpha->setDecimals(4);
    m_alpha->setSingleStep(0.01);
    connect(m_alpha, &QDoubleSpinBox::valueChanged, m_doc, &ComposeDocument::setAlpha);
    auto* alphaRow = makeRow(tr("Alpha:"), m_alpha, tr("load-balancing coefficient used when training"));

    m_stitchFreq = new QSpinBox;
    m_stitchFreq->setObjectName(QStringLiteral("stitchFreqSpinBox"));
    m_stitchFreq->setRange(1, 100000);
    connect(m_stitchFreq, &QSpinBox::valueChanged, m_doc, &ComposeDocument::setStitchFreq);
    m_stitchRow = makeRow(tr("Stitch every:"), m_stitchFreq, tr("blocks, plus one stitch layer after the final block"));

    m_gateInit = new QComboBox;
    m_gateInit->setObjectName(QStringLiteral("gateInitCombo"));
    m_gateInit->addItem(tr("Random"), int(GateInit::Random));
    m_gateInit->addItem(tr("Hidden states (prompts)"), int(GateInit::Hidden));
    m_gateInit->addItem(tr("Cheap embeddings (prompts)"), int(GateInit::CheapEmbed));
    connect(m_gateInit, &QComboBox::activated, this,
            [this](int index) { m_doc->setGateInit(GateInit(m_gateInit->itemData(index).toInt())); });
    m_gateText = new QLabel;
    m_gateText->setWordWrap(true);
    m_gateText->setEnabled(false);
    auto* gate = new QWidget;
    auto* gateLayout = new QHBoxLayout(gate);
    gateLayout->setContentsMargins(0, 0, 0, 0);
    gateLayout->addWidget(m_gateInit);
    gateLayout->addWidget(m_gateText, 1);
    m_gateRow = makeRow(tr("Gate init:"), gate);

    m_baseModel = new QLineEdit;
    m_baseModel->setObjectName(QStringLiteral("baseModelEdit"));
    m_baseModel->setPlaceholderText(tr("optional: shared weights from this folder instead of the experts' average"));
    m_baseModel->setClearButtonEnabled(true);
    connect(m_baseModel, &QLineEdit::textEdited, m_doc, &ComposeDocument::setBaseModel);
    auto* browseBase = new QPushButton(tr("Browse…"));
    connect(browseBase, &QPushButton::clicked, this, &ComposePage::chooseBaseModel);
    auto* base = new QWidget;
    auto* baseLayout = new QHBoxLayout(base);
    baseLayout->setContentsMargins(0, 0, 0, 0);
    baseLayout->addWidget(m_baseModel, 1);
    baseLayout->addWidget(browseBase);
    m_baseRow = makeRow(tr("Base model:"), base);

    for (QWidget* w : {m_projectionsRow, static_cast<QWidget*>(m_traditionalNote), m_blocksRow, m_topKRow, alphaRow,
                       m_stitchRow, m_gateRow, m_baseRow})
        layout->addWidget(w);
    return box;
}

QCheckBox* ComposePage::projectionCheckBox(const QString& projection) const
{
    const qsizetype i = routableProjections().indexOf(projection);
    return i >= 0 ? m_projectionBoxes[i] : nullptr;
}

QCheckBox* ComposePage::blockCheckBox(int block) const
{
    return block >= 0 && block < m_blockBoxes.size() ? m_blockBoxes[block] : nullptr;
}

void ComposePage::rebuildBlockBoxes(int numLayers)
{
    qDeleteAll(m_blockBoxes);
    m_blockBoxes.clear();
    for (int b = 0; b < numLayers; ++b) {
        auto* check = new QCheckBox(QString::number(b));
        check->setObjectName(QStringLiteral("block_%1").arg(b));
        connect(check, &QCheckBox::toggled, this, [this, b](bool on) { m_doc->setBlockRouted(b, on); });
        m_blockGrid->addWidget(check, b / kBlockColumns, b % kBlockColumns);
        m_blockBoxes << check;
    }
}

void ComposePage::applyBlockRange()
{
    const int n = m_doc->numLayers();
    const int from = std::min(m_blockFrom->value(), m_blockTo->value());
    const int to = std::max(m_blockFrom->value(), m_blockTo->value());
    if (n <= 0 || to >= n)
        return;
    if (from == 0 && to == n - 1) {
        m_doc->setRouterBlocks(std::nullopt);
        return;
    }
    std::vector<int> blocks;
    for (int b = from; b <= to; ++b)
        blocks.push_back(b);
    m_doc->setRouterBlocks(blocks);
}

void ComposePage::refreshRouting()
{
    const ComposeConfig& config = m_doc->config();
    const QStringList available = m_doc->availableProjections();
    for (QCheckBox* check : m_projectionBoxes) {
        const QSignalBlocker blocker(check);
        const bool routed = std::find(config.routerLayers.begin(), config.routerLayers.end(),
                                      check->text().toStdString()) != config.routerLayers.end();
        check->setChecked(routed);
        // A projection the architecture does not have stays visible while routed, so it can be unchecked.
        check->setVisible(available.contains(check->text()) || routed);
    }

    const int n = m_doc->numLayers();
    if (n != m_blockBoxes.size())
        rebuildBlockBoxes(n);
    int first = -1, last = -1;
    for (int b = 0; b < n; ++b) {
        const QSignalBlocker blocker(m_blockBoxes[b]);
        const bool routed = m_doc->isBlockRouted(b);
        m_blockBoxes[b]->setChecked(routed);
        if (routed) {
            first = first < 0 ? b : first;
            last = b;
        }
    }
    m_blocksNote->setVisible(n == 0);
    m_blockGridHost->setVisible(n > 0);
    for (QSpinBox* spin : {m_blockFrom, m_blockTo}) {
        const QSignalBlocker blocker(spin);
        spin->setRange(0, std::max(0, n - 1));
        spin->setEnabled(n > 0);
    }
    if (first >= 0) {
        m_blockFrom->setValue(first);
        m_blockTo->setValue(last);
    }

    {
        const QSignalBlocker blocker(m_topK);
        // Bounded by the experts; a larger value from a loaded config is still shown (and reported).
        m_topK->setRange(1, std::max({1, m_doc->expertCount(), config.topK}));
        m_topK->setValue(std::max(1, config.topK));
    }
    {
        const QSignalBlocker blocker(m_alpha);
        m_alpha->setValue(config.alpha);
    }
    {
        const QSignalBlocker blocker(m_stitchFreq);
        m_stitchFreq->setValue(std::max(1, config.stitchFreq));
    }
    m_gateInit->setCurrentIndex(m_gateInit->findData(int(config.gateInit)));
    m_gateText->setText(gateInitHelp(config.gateInit));
    const QString base = QString::fromStdString(config.baseModel);
    if (m_baseModel->text() != base)
        m_baseModel->setText(base);
}

void ComposePage::chooseBaseModel()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Base Model Folder"), m_baseModel->text());
    if (!dir.isEmpty())
        m_doc->setBaseModel(dir);
}

}  // namespace moe
