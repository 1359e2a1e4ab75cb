#include "ui/compose_experts_table.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>

namespace moe {

ComposeExpertsTable::ComposeExpertsTable(QWidget* parent) : QTableWidget(parent)
{
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    setDragDropMode(QAbstractItemView::DropOnly);
}

QStringList ComposeExpertsTable::foldersOf(const QList<QUrl>& urls)
{
    QStringList folders;
    for (const QUrl& url : urls)
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isDir())
            folders << QFileInfo(url.toLocalFile()).absoluteFilePath();
    return folders;
}

void ComposeExpertsTable::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() && !foldersOf(event->mimeData()->urls()).isEmpty())
        event->acceptProposedAction();
    else
        event->ignore();
}

void ComposeExpertsTable::dragMoveEvent(QDragMoveEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
    else
        event->ignore();
}

void ComposeExpertsTable::dropEvent(QDropEvent* event)
{
    const QStringList folders = event->mimeData()->hasUrls() ? foldersOf(event->mimeData()->urls()) : QStringList();
    if (folders.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    emit foldersDropped(folders);
}

}  // namespace moe
