#pragma once
// The experts table of the Compose page: a QTableWidget that also accepts folders dropped from a file
// manager (each becomes an expert). Rows are filled by the page from the document; the table only
// reports what the user did.

#include <QStringList>
#include <QTableWidget>

namespace moe {

class ComposeExpertsTable : public QTableWidget {
    Q_OBJECT

public:
    explicit ComposeExpertsTable(QWidget* parent = nullptr);

    // The local folders among `urls` (files and remote URLs are not experts).
    static QStringList foldersOf(const QList<QUrl>& urls);

signals:
    void foldersDropped(const QStringList& folders);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
};

}  // namespace moe
