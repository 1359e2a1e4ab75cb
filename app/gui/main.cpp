// moe-studio: the MoE Studio desktop application.
//
//   moe-studio [FILE]        FILE: a composition config (.json), a model folder or a routing trace
//   moe-studio --version | --help
//
// The command line is checked before the GUI starts, so --help, --version and a bad FILE answer on a
// machine without a display too. Exit codes follow the CLI: 0 success, 2 bad input or usage (one line
// on stderr naming the file and what is wrong).

#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

constexpr int kExitUsage = 2;
const char* const kProgram = "moe-studio";

enum class Outcome { Run, Help, HelpAll, Version, Defer, Error };

struct CommandLine {
    Outcome outcome = Outcome::Run;
    QString file;     // Outcome::Run: the FILE to open, if any
    QString message;  // Outcome::Error: what is wrong
};

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
    const QStringList positional = parser.positionalArguments();
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
        QStringLiteral("A composition config (.json), a model folder or a routing trace (.safetensors) to open."),
        QStringLiteral("[FILE]"));
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
        printLine(stdout, parser.helpText());
        return 0;
    }
    case Outcome::Version:
        printLine(stdout, QStringLiteral("%1 %2").arg(QLatin1String(kProgram), QCoreApplication::applicationVersion()));
        return 0;
    case Outcome::Error:
        printLine(stderr, QStringLiteral("%1: %2").arg(QLatin1String(kProgram), commandLine.message));
        return kExitUsage;
    case Outcome::Run:
    case Outcome::HelpAll:
    case Outcome::Defer:
        break;
    }
    return 0;
}

}  // namespace

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

    QApplication app(argc, argv);
    if (commandLine.outcome == Outcome::HelpAll)
        parser.process(app);  // lists Qt's own GUI options too, which needs the GUI application; exits
    if (commandLine.outcome == Outcome::Defer) {
        // QApplication has consumed its own options (-platform, -style, ...); parse what is left.
        commandLine = parseCommandLine(parser, app.arguments(), false);
        if (commandLine.outcome == Outcome::HelpAll)
            parser.process(app);
        if (commandLine.outcome != Outcome::Run)
            return finish(commandLine, parser, argc, argv);
    }

    moe::MainWindow window;
    QApplication::setWindowIcon(window.windowIcon());
    if (!commandLine.file.isEmpty())
        window.openPath(commandLine.file);
    window.show();
    return app.exec();
}
