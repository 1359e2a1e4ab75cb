#pragma once
// How a token is shown: whitespace made visible but faint (space and no-break space ·, tab →, newline
// ↵, an empty token ∅), and the rich-text tool tip listing every expert's weight for a token. Shared
// by the token view and the plots' token labels.

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

namespace moe {

struct VisibleToken {
    QString text;        // what is drawn
    QList<bool> faint;   // per character of text: a whitespace mark, drawn faintly
    bool lineBreak = false;  // the token holds a newline: what follows starts a new line
};

VisibleToken visibleToken(const QString& token);

// "<b>token</b> #index" and a table of expert swatches, names and weights, heaviest first, the
// dominant expert in bold. `weights` points at numExperts values.
QString tokenWeightsToolTip(const QString& shownToken, int index, const float* weights, int numExperts, int dominant,
                            const QStringList& names, const QList<QColor>& colors);

}  // namespace moe
