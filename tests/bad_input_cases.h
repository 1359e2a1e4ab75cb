#pragma once
// The table of broken inputs (tests/data/bad/cases.json) and how a case runs: its placeholders, its
// setup steps, the `moe` process. Shared by test_bad_input (the CLI) and test_gui_bad_input (the GUI
// opens the same files and must show the same message).

#include <QList>
#include <QString>
#include <QStringList>

namespace moe::testing {

inline const QString kBadDir = QStringLiteral(MOE_TEST_DATA "/bad");

struct BadCase {
    QString name;         // "command/what", e.g. "inspect/pickle_bin"
    QStringList args;     // moe's arguments, placeholders not yet substituted
    QString expect;       // a substring of the one stderr line
    QList<QStringList> setup;  // each: {action, arguments...}
    QString gui;          // the path the GUI test opens ("" when none)
    QString command() const { return name.section('/', 0, 0); }
};

// Reads cases.json; a malformed table fails the calling test (QFAIL through the returned error).
QList<BadCase> loadBadCases(QString* error);

// {BAD} → tests/data/bad, {TMP} → `tmp`.
QString substitute(QString text, const QString& tmp);

// Runs the setup steps in `tmp`. `unreadableRefused` is false when a chmod 000 file could still be read
// (root): the case cannot be checked here. Returns an error message, or "" on success.
QString prepareCase(const BadCase& c, const QString& tmp, bool* unreadableRefused);

// Gives back read permission to what setup made unreadable, so the temporary folder can be removed.
void restorePermissions(const QString& tmp);

struct BadRun {
    int exitCode = -1;
    bool crashed = false, timedOut = false;
    QString out, err;
    qint64 ms = 0;
};

// The message of a `moe` error line without its "moe COMMAND: " prefix.
QString coreMessage(const QString& line, const QString& command);

}  // namespace moe::testing
