#pragma once
// A one-line label that elides its text to the width it is given instead of widening its window — for
// file paths in status bars and headers. The full text is available as the tool tip.

#include <QFrame>
#include <QString>

namespace moe {

class ElidedLabel : public QFrame {
    Q_OBJECT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)

public:
    explicit ElidedLabel(QWidget* parent = nullptr);
    explicit ElidedLabel(const QString& text, QWidget* parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString& text);

    // Shown in the placeholder (disabled text) colour while text() is empty.
    QString placeholderText() const { return m_placeholder; }
    void setPlaceholderText(const QString& text);

    // Where the ellipsis goes; Qt::ElideMiddle (the default) keeps both ends of a path visible.
    Qt::TextElideMode elideMode() const { return m_elideMode; }
    void setElideMode(Qt::TextElideMode mode);

    // The text as currently drawn (elided to the present width).
    QString displayedText() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void textChanged(const QString& text);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_text;
    QString m_placeholder;
    Qt::TextElideMode m_elideMode = Qt::ElideMiddle;
};

}  // namespace moe
