#pragma once
// A vertical list of pages (icon + title) for the left edge of a window. It only selects: connect
// currentChanged() to a QStackedWidget (or anything else) to switch what is shown.

#include <QIcon>
#include <QString>
#include <QWidget>

class QListWidget;

namespace moe {

class SidebarNav : public QWidget {
    Q_OBJECT
    Q_PROPERTY(int currentIndex READ currentIndex WRITE setCurrentIndex NOTIFY currentChanged)

public:
    explicit SidebarNav(QWidget* parent = nullptr);

    // Appends a page and returns its index. The first page added becomes current.
    int addPage(const QIcon& icon, const QString& title, const QString& toolTip = {});

    int count() const;
    QString title(int index) const;
    void setPageEnabled(int index, bool enabled);

    int currentIndex() const;

    QSize iconSize() const;
    void setIconSize(const QSize& size);

public slots:
    // Ignores out-of-range indices.
    void setCurrentIndex(int index);

signals:
    void currentChanged(int index);

private:
    void updateWidth();

    QListWidget* m_list = nullptr;
};

}  // namespace moe
