#include "ui/placeholder_page.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace moe {

PlaceholderPage::PlaceholderPage(const QString& title, const QString& explanation, QWidget* parent)
    : QWidget(parent), m_title(new QLabel(title, this)), m_explanation(new QLabel(explanation, this))
{
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_title->setAccessibleName(title);

    m_explanation->setObjectName(QStringLiteral("pageExplanation"));
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setWordWrap(true);
    QFont explanationFont = m_explanation->font();
    explanationFont.setPointSizeF(explanationFont.pointSizeF() * 1.1);
    m_explanation->setFont(explanationFont);

    auto* note = new QLabel(tr("Not available yet in this version of MoE Studio."), this);
    note->setObjectName(QStringLiteral("pageNote"));
    note->setWordWrap(true);
    note->setEnabled(false);  // drawn in the palette's disabled text colour

    // A column of readable width, centred, a little above the middle of the page. No alignment flag on
    // the column: word-wrapped labels only get their height for the width they are given inside plain
    // stretch layouts.
    auto* column = new QWidget(this);
    column->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 72);
    column->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->setSpacing(10);
    columnLayout->addWidget(m_title);
    columnLayout->addWidget(m_explanation);
    columnLayout->addSpacing(6);
    columnLayout->addWidget(note);

    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 100);
    row->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(40, 32, 40, 32);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);
}

QString PlaceholderPage::title() const
{
    return m_title->text();
}

QString PlaceholderPage::explanation() const
{
    return m_explanation->text();
}

}  // namespace moe
