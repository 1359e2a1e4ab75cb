// Packaging (packaging/): the man pages cover exactly the commands and options that `moe --help`,
// `moe CMD --help` and `moe-studio --help` print, and render without groff warnings; the AppStream
// metadata, .desktop entry and MIME type pass their validators (skipped where a validator is not
// installed: scripts/install-deps.sh installs them); the icons rendered at build time have their sizes.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#ifdef MOE_ICON_DIR
#include <QImage>
#endif

namespace {

const QString kPackaging = QStringLiteral(MOE_PACKAGING_DIR);

struct Run {
    int code = -1;
    QString out, err;
};

Run run(const QString& program, const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("<timed out>");
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString describe(const Run& r) { return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.code).arg(r.out, r.err); }

QString readText(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll());
}

// The lines of a help text's section ("commands:", "options:") up to the next blank line.
QStringList section(const QString& help, const QString& heading) {
    const QStringList lines = help.split(QLatin1Char('\n'));
    const auto start = lines.indexOf(heading);
    QStringList out;
    for (auto i = start + 1; start >= 0 && i < lines.size() && !lines[i].isEmpty(); ++i) out << lines[i];
    return out;
}

// "  --out DIR      meaning" -> "--out DIR" (the label ends at two spaces or the end of the line).
QStringList optionLabels(const QStringList& lines) {
    QStringList labels;
    static const QRegularExpression option(QStringLiteral("^  (-\\S+(?: \\S+)*)(?:  |$)"));
    for (const auto& line : lines) {
        const auto m = option.match(line);
        if (m.hasMatch()) labels << m.captured(1);
    }
    return labels;
}

// The text of a man page's source as it reads: font escapes dropped, \- as -, requests removed.
QString plainMan(const QString& source) {
    QStringList out;
    for (QString line : source.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1Char('.'))) continue;
        static const QRegularExpression font(QStringLiteral("\\\\f[BIRP]"));
        line.remove(font);
        line.replace(QStringLiteral("\\-"), QStringLiteral("-")).replace(QStringLiteral("\\e"), QStringLiteral("\\"));
        out << line;
    }
    return out.join(QLatin1Char('\n'));
}

// The `.SS NAME` subsections of a man page's `.SH COMMANDS`, NAME -> source text.
QMap<QString, QString> manCommands(const QString& source) {
    QMap<QString, QString> out;
    QString current;
    bool inCommands = false;
    for (const QString& line : source.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String(".SH "))) {
            inCommands = line == QLatin1String(".SH COMMANDS");
            current.clear();
        } else if (inCommands && line.startsWith(QLatin1String(".SS "))) {
            current = line.mid(4).trimmed();
            out[current];
        } else if (!current.isEmpty()) {
            out[current] += line + QLatin1Char('\n');
        }
    }
    return out;
}

bool hasLine(const QString& text, const QString& line) { return text.split(QLatin1Char('\n')).contains(line); }

}  // namespace

class TestPackaging : public QObject {
    Q_OBJECT

private slots:
    // Every command of `moe --help` has `moe CMD --help` and a man-page section with the same usage line
    // and every option; and the man page documents no command that `moe --help` does not list.
    void manPageMatchesHelp() {
        const Run help = run(QStringLiteral(MOE_CLI_PATH), {QStringLiteral("--help")});
        QVERIFY2(help.code == 0, qPrintable(describe(help)));
        QStringList commands;
        for (const auto& line : section(help.out, QStringLiteral("commands:")))
            if (line.startsWith(QLatin1String("  ")) && !line.startsWith(QLatin1String("   ")))
                commands << line.mid(2).section(QLatin1Char(' '), 0, 0);
        QVERIFY2(commands.size() >= 8, qPrintable(help.out));

        const QString source = readText(kPackaging + QStringLiteral("/moe.1"));
        QVERIFY(!source.isEmpty());
        const auto man = manCommands(source);
        QStringList documented = man.keys(), listed = commands;
        documented.sort();
        listed.sort();
        QCOMPARE(documented, listed);

        for (const auto& command : commands) {
            const Run r = run(QStringLiteral(MOE_CLI_PATH), {command, QStringLiteral("--help")});
            QVERIFY2(r.code == 0, qPrintable(command + ": " + describe(r)));
            const QString usage = r.out.section(QStringLiteral("\n\n"), 0, 0).simplified();  // wrapped lines joined
            QVERIFY2(usage.startsWith(QStringLiteral("usage: moe %1").arg(command)), qPrintable(usage));
            const QString text = plainMan(man[command]);
            QVERIFY2(hasLine(text, usage.mid(7)), qPrintable(QStringLiteral("moe.1, %1: no line '%2'").arg(command, usage.mid(7))));
            const QStringList options = optionLabels(section(r.out, QStringLiteral("options:")));
            QVERIFY2(options.contains(QStringLiteral("-h, --help")), qPrintable(r.out));
            for (const auto& option : options)
                if (option != QLatin1String("-h, --help"))
                    QVERIFY2(hasLine(text, option), qPrintable(QStringLiteral("moe.1, %1: no option line '%2'").arg(command, option)));
        }
        // The global options, in the man page's OPTIONS.
        const QString plain = plainMan(source);
        for (const auto& option : optionLabels(section(help.out, QStringLiteral("options:"))))
            QVERIFY2(hasLine(plain, option), qPrintable("moe.1: no option line '" + option + "'"));
    }

    void manPagesRenderWithoutWarnings() {
        const QString groff = QStandardPaths::findExecutable(QStringLiteral("groff"));
        if (groff.isEmpty()) QSKIP("groff is not installed");
        for (const char* page : {"moe.1", "moe-studio.1"}) {
            const QString path = kPackaging + QLatin1Char('/') + QLatin1String(page);
            QVERIFY2(QFileInfo::exists(path), qPrintable(path));
            const Run r = run(groff, {QStringLiteral("-ww"), QStringLiteral("-z"), QStringLiteral("-man"), path});
            QVERIFY2(r.code == 0 && r.err.isEmpty(), qPrintable(QLatin1String(page) + QStringLiteral(": ") + describe(r)));
            QVERIFY2(readText(path).contains(QStringLiteral("\"MoE Studio " MOE_PROJECT_VERSION "\"")), page);
        }
    }

#ifdef MOE_STUDIO_PATH
    void studioManPageMatchesHelp() {
        const Run help = run(QStringLiteral(MOE_STUDIO_PATH), {QStringLiteral("--help")});
        QVERIFY2(help.code == 0 && help.out.contains(QLatin1String("\nExit status:\n  0  success\n")), qPrintable(describe(help)));
        const QString man = plainMan(readText(kPackaging + QStringLiteral("/moe-studio.1")));
        static const QRegularExpression longOption(QStringLiteral("^  (?:-\\S+, )?(--[a-z-]+)"), QRegularExpression::MultilineOption);
        int count = 0;
        for (auto it = longOption.globalMatch(help.out); it.hasNext(); ++count) {
            const QString option = it.next().captured(1);
            // A tag line of OPTIONS: "--dpi N" or "-v, --version".
            const QRegularExpression tag(QStringLiteral("^(?:-\\S+, )?%1(?: |$)").arg(QRegularExpression::escape(option)),
                                         QRegularExpression::MultilineOption);
            QVERIFY2(tag.match(man).hasMatch(), qPrintable("moe-studio.1 has no option line for " + option));
        }
        QVERIFY2(count >= 8, qPrintable(help.out));
    }
#endif

    void appstreamMetadataValidates() {
        const QStringList files = QDir(kPackaging).entryList({QStringLiteral("*.metainfo.xml")});
        QCOMPARE(files.size(), 1);
        const QString path = kPackaging + QLatin1Char('/') + files.first();
        const QString xml = readText(path);
        // The component id names the file; the newest release is this version; the launchable exists.
        QVERIFY(xml.contains(QStringLiteral("<id>%1</id>").arg(files.first().chopped(QStringLiteral(".metainfo.xml").size()))));
        static const QRegularExpression release(QStringLiteral("<release version=\"([^\"]+)\""));
        QCOMPARE(release.match(xml).captured(1), QStringLiteral(MOE_PROJECT_VERSION));
        static const QRegularExpression launchable(QStringLiteral("<launchable type=\"desktop-id\">([^<]+)<"));
        QVERIFY(QFileInfo::exists(kPackaging + QLatin1Char('/') + launchable.match(xml).captured(1)));

        const QString appstreamcli = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
        if (appstreamcli.isEmpty()) QSKIP("appstreamcli is not installed (package appstream)");
        const Run r = run(appstreamcli, {QStringLiteral("validate"), QStringLiteral("--no-net"), QStringLiteral("--no-color"), path});
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
        // Errors and warnings fail; infos and pedantic hints (P:, I:) are allowed.
        static const QRegularExpression problem(QStringLiteral("^[EW]: "), QRegularExpression::MultilineOption);
        QVERIFY2(!problem.match(r.out + r.err).hasMatch(), qPrintable(describe(r)));
    }

    void desktopEntryValidates() {
        const QString path = kPackaging + QStringLiteral("/moe-studio.desktop");
        const QString entry = readText(path);
        QVERIFY(hasLine(entry, QStringLiteral("Exec=moe-studio %f")));
        QVERIFY(hasLine(entry, QStringLiteral("Icon=moe-studio")));
        QVERIFY(QFileInfo::exists(QStringLiteral(MOE_ICON_SVG)));
        // Every MIME type it opens is a standard one or ours.
        const QString mime = readText(kPackaging + QStringLiteral("/moe-studio-mime.xml"));
        static const QRegularExpression mimeLine(QStringLiteral("^MimeType=(.*)$"), QRegularExpression::MultilineOption);
        for (const auto& type : mimeLine.match(entry).captured(1).split(QLatin1Char(';'), Qt::SkipEmptyParts))
            QVERIFY2(mime.contains(QStringLiteral("type=\"%1\"").arg(type)), qPrintable(type));

        const QString validator = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
        if (validator.isEmpty()) QSKIP("desktop-file-validate is not installed (package desktop-file-utils)");
        const Run r = run(validator, {path});
        QVERIFY2(r.code == 0 && r.out.isEmpty() && r.err.isEmpty(), qPrintable(describe(r)));  // not even hints
    }

    void mimeTypeRegisters() {
        const QString update = QStandardPaths::findExecutable(QStringLiteral("update-mime-database"));
        if (update.isEmpty()) QSKIP("update-mime-database is not installed (package shared-mime-info)");
        // A private data folder (as XDG_DATA_HOME, so the tool does not warn it is off the search path).
        QTemporaryDir data;
        const QString mime = data.filePath(QStringLiteral("mime"));
        QVERIFY(QDir().mkpath(mime + QStringLiteral("/packages")));
        QVERIFY(QFile::copy(kPackaging + QStringLiteral("/moe-studio-mime.xml"), mime + QStringLiteral("/packages/moe-studio.xml")));
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        const Run r = run(update, {mime}, env);
        QVERIFY2(r.code == 0 && r.out.isEmpty() && r.err.isEmpty(), qPrintable(describe(r)));
        const QString globs = readText(mime + QStringLiteral("/globs2"));
        QVERIFY2(globs.contains(QStringLiteral("application/x-safetensors:*.safetensors")), qPrintable(globs));
    }

#ifdef MOE_ICON_DIR
    // The PNGs rendered from the SVG at build time: every hicolor size, square, opaque in the middle.
    void iconsRendered() {
        for (const int size : {16, 22, 24, 32, 48, 64, 128, 256, 512}) {
            const QString path = QStringLiteral(MOE_ICON_DIR "/%1x%1/apps/moe-studio.png").arg(size);
            const QImage image(path);
            QVERIFY2(!image.isNull(), qPrintable(path));
            QCOMPARE(image.size(), QSize(size, size));
            QVERIFY2(image.hasAlphaChannel() && qAlpha(image.pixel(0, 0)) == 0, qPrintable(path));  // transparent corner
            QCOMPARE(qAlpha(image.pixel(size / 2, size / 2)), 255);
        }
    }
#endif
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "test_packaging.moc"
