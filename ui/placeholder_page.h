#pragma once
// A page that is not built yet: its title, one line on what it will do, and a note that it is not
// available in this version. Replaced page by page as the features land.

#include <QString>
#include <QWidget>

class QLabel;

namespace moe {

class PlaceholderPage : public QWidget {
    Q_OBJECT

public:
    PlaceholderPage(const QString& title, const QString& explanation, QWidget* parent = nullptr);

    QString title() const;
    QString explanation() const;

private:
    QLabel* m_title = nullptr;
    QLabel* m_explanation = nullptr;
};

}  // namespace moe
