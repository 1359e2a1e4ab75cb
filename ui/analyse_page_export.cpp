// AnalysePage: figures and their export (PNG/SVG/PDF/CSV, the clipboard, the export menu and dialogs).

#include "ui/analyse_page.h"

#include "widgets/elided_label.h"
#include "widgets/entropy_plot.h"
#include "widgets/expert_palette.h"
#include "widgets/expert_weight_plot.h"
#include "widgets/load_heatmap.h"
#include "widgets/svg_icon.h"
#include "widgets/token_view.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSaveFile>
#include <QSettings>
#include <QTabWidget>

#include <cmath>

namespace moe {
namespace {

const char* const kExportDirKey = "analyse/exportDirectory";
const char* const kDpiKey = "analyse/exportDpi";
const char* const kLastDirKey = "paths/lastDirectory";  // shared with the main window's open dialogs

QStringList toQStringList(const std::vector<std::string>& v)
{
    QStringList out;
    for (const auto& s : v) out << QString::fromStdString(s);
    return out;
}

// One row (wrapping as needed) of "■ name" entries; returns its height. Paints only when `paint`.
qreal legendRow(QPainter* p, const QFont& font, const QStringList& names, const QList<QColor>& colors, qreal width,
                bool paint)
{
    const QFontMetricsF fm(font, p ? p->device() : nullptr);
    const qreal h = fm.height(), sw = h * 0.8, gap = h * 1.2, margin = 8;
    qreal x = margin, y = margin;
    if (paint) p->setFont(font);
    for (int i = 0; i < names.size(); ++i) {
        const qreal w = sw + 5 + fm.horizontalAdvance(names[i]);
        if (x > margin && x + w > width - margin) {
            x = margin;
            y += h + 4;
        }
        if (paint) {
            p->setPen(Qt::NoPen);
            p->setBrush(colors.value(i));
            p->drawRoundedRect(QRectF(x, y + (h - sw) / 2, sw, sw), 2, 2);
            p->setPen(QColor(0x21, 0x21, 0x21));
            p->drawText(QPointF(x + sw + 5, y + fm.ascent()), names[i]);
        }
        x += w + gap;
    }
    return y + h + margin;
}

}  // namespace

void AnalysePage::createActions()
{
    m_exportMenu = new QMenu(tr("&Export"), this);
    m_exportMenu->setObjectName(QStringLiteral("analyseExportMenu"));
    const std::pair<FigureFormat, QString> formats[] = {
        {FigureFormat::Png, tr("PNG…")}, {FigureFormat::Svg, tr("SVG…")}, {FigureFormat::Pdf, tr("PDF…")}};
    for (const auto& [format, name] : formats) {
        QAction* a = m_exportMenu->addAction(tr("Figure as %1").arg(name));
        connect(a, &QAction::triggered, this, [this, format = format] { exportInteractively(currentFigure(), format); });
    }
    m_exportMenu->addSeparator();
    for (const auto& [format, name] : formats) {
        QAction* a = m_exportMenu->addAction(tr("Token View as %1").arg(name));
        connect(a, &QAction::triggered, this, [this, format = format] { exportInteractively(Figure::Tokens, format); });
    }
    m_exportMenu->addSeparator();
    m_csvAction = m_exportMenu->addAction(tr("Aggregated Table as &CSV…"));
    m_csvAction->setObjectName(QStringLiteral("exportCsvAction"));
    connect(m_csvAction, &QAction::triggered, this, &AnalysePage::exportCsvInteractively);
    m_exportMenu->setEnabled(false);

    m_copyAction = new QAction(paletteIcon(QStringLiteral(":/icons/copy.svg")), tr("&Copy Figure"), this);
    m_copyAction->setObjectName(QStringLiteral("copyFigureAction"));
    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyAction->setStatusTip(tr("Copy the current figure to the clipboard (PNG and SVG)"));
    m_copyAction->setEnabled(false);
    connect(m_copyAction, &QAction::triggered, this, &AnalysePage::copyFigure);
}

AnalysePage::Figure AnalysePage::currentFigure() const
{
    switch (m_tabs->currentIndex()) {
    case LoadHeatmapTab: return Figure::LoadHeatmap;
    case EntropyTab: return Figure::Entropy;
    default: return Figure::Weights;
    }
}

QSize AnalysePage::figureSize(Figure figure) const
{
    const auto shown = [](QWidget* w, QSize fallback) {
        return w->isVisible() && w->width() >= 320 && w->height() >= 200 ? w->size() : fallback;
    };
    const int E = m_doc ? int(m_doc->trace().numExperts()) : 4;
    switch (figure) {
    case Figure::Weights: return shown(m_weights, QSize(960, 400));
    case Figure::LoadHeatmap: return shown(m_heatmap, QSize(960, std::clamp(150 + 34 * E, 300, 640)));
    case Figure::Entropy: return shown(m_entropy, QSize(960, 360));
    case Figure::Tokens: {
        const int width = m_tokens->isVisible() && m_tokens->viewport()->width() >= 320 ? m_tokens->viewport()->width() : 960;
        const QStringList names = m_doc ? toQStringList(m_doc->expertLabels()) : QStringList();
        const qreal legend = legendRow(nullptr, font(), names, {}, width, false);
        return {width, int(std::ceil(legend + m_tokens->contentHeightForWidth(width)))};
    }
    }
    return {};
}

FigurePainter AnalysePage::figurePainter(Figure figure)
{
    ThemedPlot* plot = figure == Figure::Weights ? static_cast<ThemedPlot*>(m_weights)
                       : figure == Figure::LoadHeatmap ? static_cast<ThemedPlot*>(m_heatmap)
                       : figure == Figure::Entropy ? static_cast<ThemedPlot*>(m_entropy) : nullptr;
    if (plot)
        return [plot](QCPPainter* p, const QSize& size) { plot->renderFigure(p, size); };
    return [this](QCPPainter* p, const QSize& size) {
        p->fillRect(QRect(QPoint(0, 0), size), Qt::white);
        const QStringList names = toQStringList(m_doc->expertLabels());
        const qreal top = legendRow(p, font(), names, expertColors(), size.width(), true);
        m_tokens->renderTokens(p, QRectF(0, top, size.width(), size.height() - top), Qt::white);
    };
}

bool AnalysePage::exportFigure(const QString& path, Figure figure, int dpi, QString* error, QSize size)
{
    if (!hasTrace()) {
        if (error) *error = tr("no trace is open");
        return false;
    }
    const auto format = figureFormatForPath(path);
    if (!format) {
        if (error) *error = tr("%1: the figure format must be .png, .svg or .pdf").arg(path);
        return false;
    }
    if (size.isEmpty()) size = figureSize(figure);
    const QString title = QStringLiteral("%1 — MoE Studio").arg(m_title->text());
    return saveFigure(figurePainter(figure), size, path, *format, dpi, title, error);
}

QImage AnalysePage::figureImage(Figure figure, int dpi, QSize size)
{
    if (!hasTrace()) return {};
    return renderFigureImage(figurePainter(figure), size.isEmpty() ? figureSize(figure) : size, dpi);
}

bool AnalysePage::exportCsv(const QString& path, QString* error)
{
    if (!hasTrace()) {
        if (error) *error = tr("no trace is open");
        return false;
    }
    QSaveFile file(path);
    const std::string csv = m_doc->toCsv();
    if (!file.open(QIODevice::WriteOnly) || file.write(csv.data(), qint64(csv.size())) != qint64(csv.size()) || !file.commit()) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void AnalysePage::copyFigure()
{
    if (!hasTrace()) return;
    const Figure figure = currentFigure();
    const QSize size = figureSize(figure);
    auto* mime = new QMimeData;
    mime->setImageData(figureImage(figure, 192, size));
    mime->setData(QStringLiteral("image/svg+xml"), renderFigureSvg(figurePainter(figure), size, m_title->text()));
    QApplication::clipboard()->setMimeData(mime);
    emit statusMessage(tr("Copied the figure to the clipboard"));
}

QString AnalysePage::exportDirectory() const
{
    QSettings settings;
    for (const char* key : {kExportDirKey, kLastDirKey}) {
        const QString dir = settings.value(key).toString();
        if (!dir.isEmpty() && QFileInfo(dir).isDir()) return dir;
    }
    return QDir::homePath();
}

int AnalysePage::exportDpi() const
{
    const int dpi = QSettings().value(kDpiKey, kDefaultDpi).toInt();
    return dpi >= 10 && dpi <= 2400 ? dpi : kDefaultDpi;
}

void AnalysePage::setExportDpi(int dpi)
{
    QSettings().setValue(kDpiKey, dpi);
}

void AnalysePage::exportInteractively(Figure figure, FigureFormat format)
{
    if (!hasTrace()) return;
    static const char* const names[] = {"weights", "load-heatmap", "entropy", "tokens"};
    const QString ext = format == FigureFormat::Png ? QStringLiteral("png") : format == FigureFormat::Svg ? QStringLiteral("svg") : QStringLiteral("pdf");
    const QString stem = QFileInfo(tracePath()).completeBaseName();
    const QString suggested = QDir(exportDirectory()).filePath(QStringLiteral("%1-%2.%3").arg(stem, QLatin1String(names[int(figure)]), ext));
    const QString filter = tr("%1 files (*.%2)").arg(ext.toUpper(), ext);
    QString path = QFileDialog::getSaveFileName(this, tr("Export Figure"), suggested, filter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + ext;
    int dpi = exportDpi();
    if (format == FigureFormat::Png) {
        bool ok = false;
        dpi = QInputDialog::getInt(this, tr("PNG Resolution"), tr("Dots per inch (96 = screen size):"), dpi, 72, 1200, 24, &ok);
        if (!ok) return;
        setExportDpi(dpi);
    }
    QSettings().setValue(kExportDirKey, QFileInfo(path).absolutePath());
    QString error;
    if (!exportFigure(path, figure, dpi, &error))
        QMessageBox::warning(this, tr("Export Figure"), error);
    else
        emit statusMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

void AnalysePage::exportCsvInteractively()
{
    if (!hasTrace()) return;
    const QString stem = QFileInfo(tracePath()).completeBaseName();
    QString path = QFileDialog::getSaveFileName(this, tr("Export Aggregated Table"),
                                                QDir(exportDirectory()).filePath(stem + QStringLiteral("-aggregate.csv")),
                                                tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    QSettings().setValue(kExportDirKey, QFileInfo(path).absolutePath());
    QString error;
    if (!exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export Table"), error);
    else
        emit statusMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

}  // namespace moe
