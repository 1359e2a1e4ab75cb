#include "widgets/token_text.h"

#include "widgets/expert_palette.h"

#include <algorithm>
#include <numeric>

namespace moe {

VisibleToken visibleToken(const QString& token)
{
    VisibleToken v;
    QString s = token;
    s.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    for (const QChar c : s) {
        QChar shown = c;
        if (c == QLatin1Char(' ') || c == QChar(0x00A0)) shown = QChar(0x00B7);                    // ·
        else if (c == QLatin1Char('\t')) shown = QChar(0x2192);                                     // →
        else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) shown = QChar(0x21B5);          // ↵
        v.text += shown;
        v.faint.append(shown != c);
        v.lineBreak = v.lineBreak || c == QLatin1Char('\n');
    }
    if (v.text.isEmpty()) {
        v.text = QStringLiteral("\u2205");  // ∅
        v.faint.append(true);
    }
    return v;
}

QString tokenWeightsToolTip(const QString& shownToken, int index, const float* w, int numExperts, int dominant,
                            const QStringList& names, const QList<QColor>& colors)
{
    QString html = QStringLiteral("<p style='white-space:pre'><b>%1</b>&nbsp;&nbsp;<span style='color:gray'>#%2</span></p>")
                       .arg(shownToken.toHtmlEscaped())
                       .arg(index);
    if (numExperts <= 0 || !w)
        return html;
    QList<int> order(numExperts);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [w](int a, int b) { return w[a] > w[b]; });
    html += QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    for (const int e : order) {
        const QColor c = e < colors.size() ? colors[e] : ExpertPalette::color(e);
        const QString name = (e < names.size() ? names[e] : QStringLiteral("expert %1").arg(e)).toHtmlEscaped();
        const bool dom = e == dominant;
        html += QStringLiteral("<tr><td style='color:%1'>&#9632;</td><td>%2%3%4&nbsp;&nbsp;</td><td align='right'>%5</td></tr>")
                    .arg(c.name(), dom ? QStringLiteral("<b>") : QString(), name, dom ? QStringLiteral("</b>") : QString())
                    .arg(w[e], 0, 'f', 3);
    }
    return html + QStringLiteral("</table>");
}

}  // namespace moe
