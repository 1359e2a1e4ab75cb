#include "ui/analyse_filter_panel.h"

#include "ui/trace_document.h"
#include "widgets/expert_legend.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace moe {
namespace {

QString plural(qsizetype n, const QString& one, const QString& many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QString projectionToolTip(const std::string& key)
{
    if (key == "block") return AnalyseFilterPanel::tr("Block routers (one router for the whole MLP)");
    if (key == "stitch:to_hub")
        return AnalyseFilterPanel::tr("BTS stitch experts \u2192 hub: the softmax gate averaged over hidden dimensions, "
                                      "a distribution over the hub and the experts");
    if (key == "stitch:to_experts")
        return AnalyseFilterPanel::tr("BTS stitch hub \u2192 experts: the mean sigmoid gate of each expert (0 for the hub)");
    if (key.rfind("stitch", 0) == 0) return AnalyseFilterPanel::tr("BTS stitch gates");
    return AnalyseFilterPanel::tr("Routers of %1").arg(QString::fromStdString(key));
}

}  // namespace

QLabel* analyseSectionHeader(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text.toUpper(), parent);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    f.setBold(true);
    f.setLetterSpacing(QFont::PercentageSpacing, 108);
    label->setFont(f);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setContentsMargins(0, 10, 0, 2);
    return label;
}

AnalyseFilterPanel::AnalyseFilterPanel(QWidget* parent) : QWidget(parent)
{
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(4);

    v->addWidget(analyseSectionHeader(tr("Trace"), this));
    m_facts = new QLabel(this);
    m_facts->setObjectName(QStringLiteral("traceFacts"));
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts->setWordWrap(true);
    v->addWidget(m_facts);

    v->addWidget(analyseSectionHeader(tr("Blocks"), this));
    auto* range = new QHBoxLayout;
    m_blockFrom = new QSpinBox(this);
    m_blockTo = new QSpinBox(this);
    m_blockFrom->setObjectName(QStringLiteral("blockFrom"));
    m_blockTo->setObjectName(QStringLiteral("blockTo"));
    m_blockFrom->setToolTip(tr("First block of the range"));
    m_blockTo->setToolTip(tr("Last block of the range"));
    auto* all = new QToolButton(this);
    all->setText(tr("All"));
    all->setToolTip(tr("Select every block"));
    range->addWidget(new QLabel(tr("From"), this));
    range->addWidget(m_blockFrom, 1);
    range->addWidget(new QLabel(tr("to"), this));
    range->addWidget(m_blockTo, 1);
    range->addWidget(all);
    v->addLayout(range);
    const auto rangeChanged = [this] {
        if (!m_updating) setBlockRange(m_blockFrom->value(), m_blockTo->value());
    };
    connect(m_blockFrom, &QSpinBox::valueChanged, this, rangeChanged);
    connect(m_blockTo, &QSpinBox::valueChanged, this, rangeChanged);
    connect(all, &QToolButton::clicked, this, [this] {
        if (m_doc && !m_doc->blocks().empty()) setBlockRange(m_doc->blocks().front(), m_doc->blocks().back());
    });
    m_blockGrid = new QGridLayout;
    m_blockGrid->setHorizontalSpacing(6);
    m_blockGrid->setVerticalSpacing(2);
    v->addLayout(m_blockGrid);

    v->addWidget(analyseSectionHeader(tr("Projections"), this));
    m_projLayout = new QVBoxLayout;
    m_projLayout->setSpacing(2);
    v->addLayout(m_projLayout);

    v->addWidget(analyseSectionHeader(tr("Experts"), this));
    m_legend = new ExpertLegend(this);
    m_legend->setObjectName(QStringLiteral("expertLegend"));
    v->addWidget(m_legend);
}

void AnalyseFilterPanel::setDocument(const TraceDocument* doc, const QList<QColor>& colors)
{
    m_doc = doc;
    qDeleteAll(m_blockBoxes);
    qDeleteAll(m_projBoxes);
    m_blockBoxes.clear();
    m_projBoxes.clear();
    if (!m_doc) return;
    updateFacts();
    const auto& blocks = m_doc->blocks();
    const int columns = 5;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        auto* box = new QCheckBox(QString::number(blocks[i]), this);
        box->setChecked(true);
        box->setProperty("block", blocks[i]);
        box->setToolTip(tr("Include block %1").arg(blocks[i]));
        connect(box, &QCheckBox::toggled, this, [this] { if (!m_updating) emitChanged(); });
        m_blockGrid->addWidget(box, static_cast<int>(i) / columns, static_cast<int>(i) % columns);
        m_blockBoxes.append(box);
    }
    for (const std::string& key : m_doc->projections()) {
        auto* box = new QCheckBox(QString::fromStdString(TraceDocument::projectionLabel(key)), this);
        box->setChecked(true);
        box->setProperty("proj", QString::fromStdString(key));
        box->setToolTip(projectionToolTip(key));
        connect(box, &QCheckBox::toggled, this, [this] { if (!m_updating) emitChanged(); });
        m_projLayout->addWidget(box);
        m_projBoxes.append(box);
    }
    QStringList names;
    for (const auto& s : m_doc->expertLabels()) names << QString::fromStdString(s);
    m_legend->setExperts(names, colors);
    m_updating = true;
    const int lo = blocks.empty() ? 0 : blocks.front(), hi = blocks.empty() ? 0 : blocks.back();
    for (QSpinBox* spin : {m_blockFrom, m_blockTo}) spin->setRange(lo, hi);
    m_blockFrom->setValue(lo);
    m_blockTo->setValue(hi);
    m_updating = false;
}

void AnalyseFilterPanel::setColors(const QList<QColor>& colors)
{
    QStringList names;
    for (int i = 0; i < m_legend->count(); ++i) names << m_legend->name(i);
    QList<double> shares;
    for (int i = 0; i < m_legend->count() && m_legend->share(i) >= 0; ++i) shares << m_legend->share(i);
    m_legend->setExperts(names, colors);
    m_legend->setShares(shares);
}

void AnalyseFilterPanel::updateFacts()
{
    const Trace& t = m_doc->trace();
    const QString keyColour = palette().color(QPalette::PlaceholderText).name();
    const auto row = [&keyColour](const QString& k, const QString& v) {
        return QStringLiteral("<tr><td style='padding-right:10px; color:%1'>%2</td><td>%3</td></tr>")
            .arg(keyColour, k, v.toHtmlEscaped());
    };
    const QString model = QString::fromStdString(t.model);
    const QString modelName = QFileInfo(model).fileName();
    QString facts = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    facts += row(tr("Model"), modelName.isEmpty() ? model : modelName);
    facts += row(tr("Method"), QString::fromStdString(t.method));
    facts += row(tr("Experts"), t.method == "bts" ? tr("hub + %1").arg(t.numExperts() - 1)
                                                  : tr("%1 · top-%2").arg(t.numExperts()).arg(t.topK));
    facts += row(tr("Sites"), tr("%1 × %2").arg(plural(qsizetype(m_doc->blocks().size()), tr("block"), tr("blocks")),
                                                 plural(qsizetype(m_doc->projections().size()), tr("projection"), tr("projections"))));
    facts += row(tr("Tokens"), QString::number(t.numTokens()));
    m_facts->setText(facts + QStringLiteral("</table>"));
    m_facts->setToolTip(model);
}

void AnalyseFilterPanel::syncFromDocument()
{
    if (!m_doc) return;
    m_updating = true;
    for (QCheckBox* box : m_blockBoxes) box->setChecked(m_doc->selectedBlocks().count(box->property("block").toInt()));
    for (QCheckBox* box : m_projBoxes)
        box->setChecked(m_doc->selectedProjections().count(box->property("proj").toString().toStdString()));
    m_updating = false;
}

std::set<int> AnalyseFilterPanel::checkedBlocks() const
{
    std::set<int> out;
    for (QCheckBox* box : m_blockBoxes)
        if (box->isChecked()) out.insert(box->property("block").toInt());
    return out;
}

std::set<std::string> AnalyseFilterPanel::checkedProjections() const
{
    std::set<std::string> out;
    for (QCheckBox* box : m_projBoxes)
        if (box->isChecked()) out.insert(box->property("proj").toString().toStdString());
    return out;
}

QCheckBox* AnalyseFilterPanel::blockCheckBox(int block) const
{
    for (QCheckBox* box : m_blockBoxes)
        if (box->property("block").toInt() == block) return box;
    return nullptr;
}

QCheckBox* AnalyseFilterPanel::projectionCheckBox(const QString& key) const
{
    for (QCheckBox* box : m_projBoxes)
        if (box->property("proj").toString() == key) return box;
    return nullptr;
}

void AnalyseFilterPanel::setBlockRange(int first, int last)
{
    if (!m_doc) return;
    m_updating = true;
    m_blockFrom->setValue(first);
    m_blockTo->setValue(last);
    for (QCheckBox* box : m_blockBoxes) {
        const int b = box->property("block").toInt();
        box->setChecked(b >= first && b <= last);
    }
    m_updating = false;
    emitChanged();
}

void AnalyseFilterPanel::emitChanged()
{
    emit filterChanged();
}

}  // namespace moe
