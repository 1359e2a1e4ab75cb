// moe-studio: the MoE Studio desktop application.
//
//   moe-studio [FILE]        FILE: a composition config (.json), a model folder, a routing trace or a
//                            text to route (.txt, .md); the first start without FILE opens the demo
//   moe-studio --demo        the built-in demo in the Analyse page (built once, a few minutes)
//   moe-studio --export-figure TRACE --out FIG.(png|svg|pdf) [--layers 0,2-5] [--proj gate_proj,up_proj]
//              [--figure weights|heatmap|entropy|tokens] [--dpi N]
//                            headless figure export (no window; QT_QPA_PLATFORM defaults to offscreen)
//   moe-studio --version | --help
//
// The command line is checked before the GUI starts, so --help, --version and a bad FILE answer on a
// machine without a display too. Exit codes follow the CLI: 0 success, 2 bad input or usage (one line
// on stderr naming the file and what is wrong); --export-figure: 1 when the figure cannot be written.

#include "core/error.h"
#include "ui/analyse_page.h"
#include "ui/main_window.h"
#include "ui/trace_document.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QSettings>
#include <QStringList>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

constexpr int kExitUsage = 2;
const char* const kProgram = "moe-studio";

constexpr int kExitFailure = 1;
const int kDefaultExportDpi = moe::AnalysePage::kDefaultDpi;

enum class Outcome { Run, Export, Help, HelpAll, Version, Defer, Error };

struct ExportRequest {
    QString trace, out, layers, projs;
    moe::AnalysePage::Figure figure = moe::AnalysePage::Figure::Weights;
    int dpi = kDefaultExportDpi;
};

struct CommandLine {
    Outcome outcome = Outcome::Run;
    QString file;     // Outcome::Run: the FILE to open, if any
    QString message;  // Outcome::Error: what is wrong
    ExportRequest exportRequest;  // Outcome::Export
    bool demo = false;  // Outcome::Run: --demo, open the built-in demo
};

// Checks the --export-figure options (not the trace itself, which is read later).
CommandLine parseExport(const QCommandLineParser& parser)
{
    CommandLine result;
    result.outcome = Outcome::Export;
    ExportRequest& r = result.exportRequest;
    r.trace = parser.value(QStringLiteral("export-figure"));
    r.out = parser.value(QStringLiteral("out"));
    r.layers = parser.value(QStringLiteral("layers"));
    r.projs = parser.value(QStringLiteral("proj"));
    const auto error = [](const QString& message) { return CommandLine{Outcome::Error, {}, message, {}}; };
    if (!parser.positionalArguments().isEmpty())
        return error(QStringLiteral("--export-figure takes no FILE argument, got %1").arg(parser.positionalArguments().first()));
    if (!QFileInfo(r.trace).isFile())
        return error(QStringLiteral("%1: no such file").arg(QDir::toNativeSeparators(r.trace)));
    if (r.out.isEmpty())
        return error(QStringLiteral("--export-figure needs --out FIG.png|svg|pdf"));
    if (!moe::figureFormatForPath(r.out))
        return error(QStringLiteral("%1: the figure format must be .png, .svg or .pdf").arg(r.out));
    if (parser.isSet(QStringLiteral("dpi"))) {
        bool ok = false;
        r.dpi = parser.value(QStringLiteral("dpi")).toInt(&ok);
        if (!ok || r.dpi < 10 || r.dpi > 2400)
            return error(QStringLiteral("--dpi %1: expected a whole number from 10 to 2400").arg(parser.value(QStringLiteral("dpi"))));
    }
    const QString figure = parser.value(QStringLiteral("figure"));
    using F = moe::AnalysePage::Figure;
    const std::pair<const char*, F> figures[] = {
        {"weights", F::Weights}, {"heatmap", F::LoadHeatmap}, {"entropy", F::Entropy}, {"tokens", F::Tokens}};
    bool known = figure.isEmpty();
    for (const auto& [name, value] : figures)
        if (figure == QLatin1String(name)) {
            r.figure = value;
            known = true;
        }
    if (!known)
        return error(QStringLiteral("--figure %1: expected weights, heatmap, entropy or tokens").arg(figure));
    return result;
}

// Options QGuiApplication/QApplication handle themselves (and remove from the arguments).
bool isQtOption(const QString& name)
{
    static const QSet<QString> options = {
        QStringLiteral("platform"),   QStringLiteral("platformpluginpath"), QStringLiteral("platformtheme"),
        QStringLiteral("plugin"),     QStringLiteral("qwindowgeometry"),   QStringLiteral("qwindowicon"),
        QStringLiteral("qwindowtitle"), QStringLiteral("reverse"),         QStringLiteral("session"),
        QStringLiteral("style"),      QStringLiteral("stylesheet"),        QStringLiteral("widgetcount"),
        QStringLiteral("display"),    QStringLiteral("geometry"),          QStringLiteral("title"),
        QStringLiteral("name"),       QStringLiteral("visual"),            QStringLiteral("ncols"),
        QStringLiteral("cmap"),       QStringLiteral("nograb"),            QStringLiteral("dograb"),
        QStringLiteral("sync"),       QStringLiteral("fontengine"),        QStringLiteral("qmljsdebugger"),
    };
    return options.contains(name);
}

// `qtOptionsPresent`: the arguments may still hold Qt's own options (before QApplication removed them);
// if parsing fails only because of those, the outcome is Defer.
CommandLine parseCommandLine(QCommandLineParser& parser, const QStringList& arguments, bool qtOptionsPresent)
{
    CommandLine result;
    if (!parser.parse(arguments)) {
        const QStringList unknown = parser.unknownOptionNames();
        const bool onlyQt = !unknown.isEmpty() && std::all_of(unknown.begin(), unknown.end(), isQtOption);
        if (qtOptionsPresent && onlyQt)
            return {Outcome::Defer, {}, {}};
        return {Outcome::Error, {}, parser.errorText()};
    }
    if (parser.isSet(QStringLiteral("help-all")))
        return {Outcome::HelpAll, {}, {}};
    if (parser.isSet(QStringLiteral("help")))
        return {Outcome::Help, {}, {}};
    if (parser.isSet(QStringLiteral("version")))
        return {Outcome::Version, {}, {}};
    if (parser.isSet(QStringLiteral("export-figure")))
        return parseExport(parser);
    for (const char* option : {"out", "layers", "proj", "figure", "dpi"})
        if (parser.isSet(QLatin1String(option)))
            return {Outcome::Error, {}, QStringLiteral("--%1 is only valid with --export-figure").arg(QLatin1String(option))};
    const QStringList positional = parser.positionalArguments();
    result.demo = parser.isSet(QStringLiteral("demo"));
    if (result.demo && !positional.isEmpty())
        return {Outcome::Error, {}, QStringLiteral("--demo takes no FILE argument")};
    if (positional.size() > 1)
        return {Outcome::Error, {}, QStringLiteral("expected at most one FILE, got %1").arg(positional.size())};
    if (!positional.isEmpty()) {
        const QString& file = positional.first();
        if (!QFileInfo::exists(file))
            return {Outcome::Error, {}, QStringLiteral("%1: no such file or folder").arg(QDir::toNativeSeparators(file))};
        result.file = file;
    }
    return result;
}

void setUpParser(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        QStringLiteral("MoE Studio: compose Mixture-of-Experts models, analyse their routing, train their routers."));
    // "-platform offscreen" is one option, not the short options -p -l -a ...
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("FILE"),
        QStringLiteral("A composition config (.json), a model folder, a routing trace (.safetensors) or a text to route "
                       "(.txt, .md) to open."),
        QStringLiteral("[FILE]"));
    parser.addOptions({
        {QStringLiteral("demo"),
         QStringLiteral("Open the built-in demo (three tiny experts composed with BTX, routers trained) in the Analyse "
                        "page, building it first if needed (a few minutes, once). The first start does this by itself.")},
        {QStringLiteral("export-figure"),
         QStringLiteral("Write a figure of the routing trace TRACE without opening a window, then exit."), QStringLiteral("TRACE")},
        {QStringLiteral("out"), QStringLiteral("With --export-figure: the figure file, .png, .svg or .pdf."), QStringLiteral("FIG")},
        {QStringLiteral("layers"), QStringLiteral("With --export-figure: blocks to average over, e.g. 0,2-5 (default: all)."),
         QStringLiteral("LIST")},
        {QStringLiteral("proj"),
         QStringLiteral("With --export-figure: projections to average over, e.g. gate_proj,up_proj (default: all)."),
         QStringLiteral("LIST")},
        {QStringLiteral("figure"),
         QStringLiteral("With --export-figure: weights (default), heatmap, entropy or tokens."), QStringLiteral("KIND")},
        {QStringLiteral("dpi"), QStringLiteral("With --export-figure: PNG resolution (default %1).").arg(kDefaultExportDpi),
         QStringLiteral("N")},
    });
}

void printLine(std::FILE* stream, const QString& text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    if (!text.endsWith(QLatin1Char('\n')))
        std::fputc('\n', stream);
    std::fflush(stream);
}

// Handles every outcome but Run, HelpAll and Defer; returns the exit code.
int finish(const CommandLine& commandLine, QCommandLineParser& parser, int argc, char** argv)
{
    switch (commandLine.outcome) {
    case Outcome::Help: {
        // helpText() names the executable through the application object; a core one needs no display.
        const bool needsApp = QCoreApplication::instance() == nullptr;
        std::unique_ptr<QCoreApplication> app(needsApp ? new QCoreApplication(argc, argv) : nullptr);
        printLine(stdout, parser.helpText() +
                              QStringLiteral("\nExit status:\n  0  success\n  1  --export-figure could not write the figure\n"
                                             "  2  bad input or usage; one line on stderr names the file and what is wrong\n"));
        return 0;
    }
    case Outcome::Version:
        printLine(stdout, QStringLiteral("%1 %2").arg(QLatin1String(kProgram), QCoreApplication::applicationVersion()));
        return 0;
    case Outcome::Error:
        printLine(stderr, QStringLiteral("%1: %2").arg(QLatin1String(kProgram), commandLine.message));
        return kExitUsage;
    case Outcome::Run:
    case Outcome::Export:
    case Outcome::HelpAll:
    case Outcome::Defer:
        break;
    }
    return 0;
}

}  // namespace

// Headless --export-figure: reads and filters the trace before any GUI exists (so a bad trace or filter
// answers like the CLI), then renders the figure offscreen.
int runExport(const ExportRequest& request, int& argc, char** argv)
{
    std::unique_ptr<moe::TraceDocument> document;
    try {
        document = std::make_unique<moe::TraceDocument>(moe::TraceDocument::open(QDir::toNativeSeparators(request.trace).toStdString()));
        document->setFilterText(request.layers.toStdString(), request.projs.toStdString());
    } catch (const std::exception& e) {
        printLine(stderr, QStringLiteral("%1: %2").arg(QLatin1String(kProgram), QString::fromLocal8Bit(e.what()).simplified()));
        return kExitUsage;
    }
    std::unique_ptr<QApplication> app;  // none yet unless Qt's own options came first
    if (!QCoreApplication::instance()) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");  // no window is shown: never need a display
        app = std::make_unique<QApplication>(argc, argv);
    }
    moe::AnalysePage page;
    page.setDocument(std::move(*document));
    QString error;
    if (!page.setFilterText(request.layers, request.projs, &error)) {
        printLine(stderr, QStringLiteral("%1: %2").arg(QLatin1String(kProgram), error.simplified()));
        return kExitUsage;
    }
    if (!page.exportFigure(request.out, request.figure, request.dpi, &error)) {
        printLine(stderr, QStringLiteral("%1: %2").arg(QLatin1String(kProgram), error.simplified()));
        return kExitFailure;
    }
    return 0;
}

int main(int argc, char** argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("MoEStudio"));
    QCoreApplication::setApplicationName(QStringLiteral("MoE Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MOE_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("moe-studio"));

    QCommandLineParser parser;
    setUpParser(parser);

    // First pass, without an application object: answers --help, --version and usage errors headless.
    QStringList rawArguments;
    for (int i = 0; i < argc; ++i)
        rawArguments << QString::fromLocal8Bit(argv[i]);
    CommandLine commandLine = parseCommandLine(parser, rawArguments, true);
    if (commandLine.outcome == Outcome::Help || commandLine.outcome == Outcome::Version ||
        commandLine.outcome == Outcome::Error)
        return finish(commandLine, parser, argc, argv);
    if (commandLine.outcome == Outcome::Export)
        return runExport(commandLine.exportRequest, argc, argv);

    QApplication app(argc, argv);
    if (commandLine.outcome == Outcome::HelpAll)
        parser.process(app);  // lists Qt's own GUI options too, which needs the GUI application; exits
    if (commandLine.outcome == Outcome::Defer) {
        // QApplication has consumed its own options (-platform, -style, ...); parse what is left.
        commandLine = parseCommandLine(parser, app.arguments(), false);
        if (commandLine.outcome == Outcome::HelpAll)
            parser.process(app);
        if (commandLine.outcome == Outcome::Export)
            return runExport(commandLine.exportRequest, argc, argv);  // with Qt's options, e.g. -platform
        if (commandLine.outcome != Outcome::Run)
            return finish(commandLine, parser, argc, argv);
    }

    moe::MainWindow window;
    QApplication::setWindowIcon(window.windowIcon());
    if (!commandLine.file.isEmpty())
        window.openPath(commandLine.file);
    window.show();
    // The first start (no FILE) opens the built-in demo, building it once; later starts only with --demo.
    // MOE_STUDIO_NO_DEMO (set for the test suite) keeps a first start plain.
    QSettings settings;
    const bool firstStart = !settings.value(QStringLiteral("demo/offered"), false).toBool() && !qEnvironmentVariableIsSet("MOE_STUDIO_NO_DEMO");
    if (commandLine.demo || (firstStart && commandLine.file.isEmpty())) {
        settings.setValue(QStringLiteral("demo/offered"), true);
        QTimer::singleShot(0, &window, &moe::MainWindow::openDemo);
    }
    return app.exec();
}
