#include "widgets/sidebar_nav.h"

#include <QListWidget>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace moe {
namespace {

// Paints each page as one rounded block: highlighted when current, tinted when hovered. Colours come
// from the palette only.
class SidebarDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const bool enabled = (option.state & QStyle::State_Enabled) && (index.flags() & Qt::ItemIsEnabled);
        const bool selected = option.state & QStyle::State_Selected;
        const bool hovered = enabled && (option.state & QStyle::State_MouseOver);
        const QPalette::ColorGroup group = enabled ? QPalette::Active : QPalette::Disabled;
        const QRectF block = QRectF(option.rect).adjusted(1, 1, -1, -1);

        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        if (selected) {
            painter->setBrush(option.palette.color(group, QPalette::Highlight));
            painter->drawRoundedRect(block, 5, 5);
        } else if (hovered) {
            QColor hover = option.palette.color(QPalette::Active, QPalette::Highlight);
            hover.setAlphaF(0.18f);
            painter->setBrush(hover);
            painter->drawRoundedRect(block, 5, 5);
        }
        if ((option.state & QStyle::State_HasFocus) && !selected) {
            painter->setPen(QPen(option.palette.color(QPalette::Active, QPalette::Highlight), 1));
            painter->setBrush(Qt::NoBrush);
            painter->drawRoundedRect(block.adjusted(0.5, 0.5, -0.5, -0.5), 5, 5);
        }

        const int padding = 8;
        const QSize iconSize = option.decorationSize;
        const QRect iconRect(option.rect.left() + padding, option.rect.center().y() - iconSize.height() / 2 + 1,
                             iconSize.width(), iconSize.height());
        const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
        const QIcon::Mode mode = !enabled ? QIcon::Disabled : selected ? QIcon::Selected : QIcon::Normal;
        icon.paint(painter, QStyle::visualRect(option.direction, option.rect, iconRect), Qt::AlignCenter, mode);

        QRect textRect = option.rect.adjusted(padding + iconSize.width() + padding, 0, -padding, 0);
        textRect = QStyle::visualRect(option.direction, option.rect, textRect);
        painter->setFont(option.font);
        painter->setPen(option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::WindowText));
        const QString text = option.fontMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight,
                                                           textRect.width());
        painter->drawText(textRect, int(QStyle::visualAlignment(option.direction, Qt::AlignLeft | Qt::AlignVCenter)),
                          text);
        painter->restore();
    }
};

}  // namespace

SidebarNav::SidebarNav(QWidget* parent) : QWidget(parent), m_list(new QListWidget(this))
{
    m_list->setObjectName(QStringLiteral("sidebarList"));
    m_list->setAccessibleName(tr("Pages"));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setViewMode(QListView::ListMode);
    m_list->setMovement(QListView::Static);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setUniformItemSizes(true);
    m_list->setSpacing(2);
    m_list->setTextElideMode(Qt::ElideRight);
    // Drawn on the window colour rather than the base (text-entry) colour, so that the sidebar reads as
    // navigation, not as a list to edit; both come from the system palette.
    m_list->setBackgroundRole(QPalette::Window);
    m_list->viewport()->setBackgroundRole(QPalette::Window);
    m_list->setAutoFillBackground(true);
    m_list->setMouseTracking(true);  // hover feedback
    m_list->setItemDelegate(new SidebarDelegate(m_list));
    setIconSize(QSize(22, 22));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 6, 4, 6);
    layout->addWidget(m_list);

    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            emit currentChanged(row);
    });
}

int SidebarNav::addPage(const QIcon& icon, const QString& title, const QString& toolTip)
{
    auto* item = new QListWidgetItem(icon, title, m_list);
    item->setToolTip(toolTip.isEmpty() ? title : toolTip);
    item->setData(Qt::AccessibleDescriptionRole, toolTip);
    item->setSizeHint(QSize(0, qMax(iconSize().height(), fontMetrics().height()) + 14));
    const int index = m_list->count() - 1;
    if (index == 0)
        m_list->setCurrentRow(0);
    updateWidth();
    return index;
}

int SidebarNav::count() const
{
    return m_list->count();
}

QString SidebarNav::title(int index) const
{
    const QListWidgetItem* item = m_list->item(index);
    return item ? item->text() : QString();
}

void SidebarNav::setPageEnabled(int index, bool enabled)
{
    if (QListWidgetItem* item = m_list->item(index)) {
        item->setFlags(enabled ? item->flags() | Qt::ItemIsEnabled | Qt::ItemIsSelectable
                               : item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
    }
}

int SidebarNav::currentIndex() const
{
    return m_list->currentRow();
}

void SidebarNav::setCurrentIndex(int index)
{
    if (index < 0 || index >= m_list->count())
        return;
    m_list->setCurrentRow(index);
}

QSize SidebarNav::iconSize() const
{
    return m_list->iconSize();
}

void SidebarNav::setIconSize(const QSize& size)
{
    m_list->setIconSize(size);
    updateWidth();
}

void SidebarNav::updateWidth()
{
    // Wide enough for the longest title next to its icon, plus the item padding.
    int text = 0;
    for (int i = 0; i < m_list->count(); ++i)
        text = qMax(text, fontMetrics().horizontalAdvance(m_list->item(i)->text()));
    const QMargins margins = layout() ? layout()->contentsMargins() : QMargins();
    const int width = iconSize().width() + text + 48 + margins.left() + margins.right();
    setFixedWidth(qMax(width, 140));
}

}  // namespace moe
