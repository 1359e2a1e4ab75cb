#include "bad_input_cases.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace moe::testing {
namespace {

QStringList strings(const QJsonArray& a) {
    QStringList out;
    for (const auto& v : a) out << (v.isDouble() ? QString::number(v.toDouble(), 'f', 0) : v.toString());
    return out;
}

bool copyRecursively(const QString& from, const QString& to) {
    if (QFileInfo(from).isFile()) return QFile::copy(from, to);
    if (!QDir().mkpath(to)) return false;
    for (const QFileInfo& f : QDir(from).entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        if (!copyRecursively(f.filePath(), to + "/" + f.fileName())) return false;
    return true;
}

// An I64 [1, n] safetensors file of zeros (token 0 is in every vocabulary).
bool writeInputIds(const QString& path, qint64 n) {
    const QByteArray header = QStringLiteral("{\"input_ids\":{\"dtype\":\"I64\",\"shape\":[1,%1],\"data_offsets\":[0,%2]}}")
                                  .arg(n).arg(8 * n).toUtf8();
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    QByteArray length(8, '\0');
    for (int i = 0; i < 8; ++i) length[i] = char((quint64(header.size()) >> (8 * i)) & 0xff);
    f.write(length);
    f.write(header);
    return f.resize(8 + header.size() + 8 * n);
}

}  // namespace

QList<BadCase> loadBadCases(QString* error) {
    QFile f(kBadDir + "/cases.json");
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.fileName() + ": " + f.errorString();
        return {};
    }
    QJsonParseError parseError;
    const auto doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (!doc.isObject()) {
        *error = f.fileName() + ": " + parseError.errorString();
        return {};
    }
    QList<BadCase> out;
    for (const auto& v : doc.object().value("cases").toArray()) {
        const auto o = v.toObject();
        BadCase c{o.value("name").toString(), strings(o.value("args").toArray()), o.value("expect").toString(), {},
                  o.value("gui").toString()};
        for (const auto& s : o.value("setup").toArray()) {
            const auto step = s.toObject();
            if (step.size() != 1) {
                *error = c.name + ": a setup step must have one action";
                return {};
            }
            const auto value = step.begin().value();
            c.setup << (QStringList{step.begin().key()} + (value.isArray() ? strings(value.toArray()) : QStringList{value.toString()}));
        }
        if (c.name.isEmpty() || c.args.isEmpty() || c.expect.isEmpty()) {
            *error = "a case lacks its name, args or expect: " + QJsonDocument(o).toJson(QJsonDocument::Compact);
            return {};
        }
        out << c;
    }
    return out;
}

QString substitute(QString text, const QString& tmp) {
    return text.replace(QStringLiteral("{BAD}"), kBadDir).replace(QStringLiteral("{TMP}"), tmp);
}

QString prepareCase(const BadCase& c, const QString& tmp, bool* unreadableRefused) {
    *unreadableRefused = true;
    for (QStringList step : c.setup) {
        for (auto& s : step) s = substitute(s, tmp);
        const QString& action = step[0];
        const auto need = [&](int n) { return step.size() == n + 1; };
        if (action == "mkdir" && need(1)) {
            if (!QDir().mkpath(step[1])) return "cannot create " + step[1];
        } else if (action == "fifo" && need(1)) {
            if (::mkfifo(QFile::encodeName(step[1]).constData(), 0600) != 0) return "cannot create the FIFO " + step[1];
        } else if (action == "copy" && need(2)) {
            if (!copyRecursively(step[1], step[2])) return "cannot copy " + step[1];
        } else if (action == "write" && need(2)) {
            QFile f(step[1]);
            if (!f.open(QIODevice::WriteOnly) || f.write(step[2].toUtf8()) < 0) return "cannot write " + step[1];
        } else if (action == "unreadable" && need(1)) {
            const QByteArray path = QFile::encodeName(step[1]);
            if (::chmod(path.constData(), 0) != 0) return "cannot chmod " + step[1];
            // Root (CAP_DAC_OVERRIDE) reads a file of mode 000 all the same.
            const int fd = ::open(path.constData(), O_RDONLY | O_NONBLOCK);
            if (fd >= 0) {
                ::close(fd);
                *unreadableRefused = false;
            }
        } else if (action == "input_ids" && need(2)) {
            if (!writeInputIds(step[1], step[2].toLongLong())) return "cannot write " + step[1];
        } else {
            return "unknown setup step " + step.join(' ');
        }
    }
    return {};
}

void restorePermissions(const QString& tmp) {
    QDirIterator it(tmp, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (QFileInfo(path).isFile()) ::chmod(QFile::encodeName(path).constData(), 0644);
    }
}

QString coreMessage(const QString& line, const QString& command) {
    const QString prefix = "moe " + command + ": ";
    QString m = line.trimmed();
    return m.startsWith(prefix) ? m.mid(prefix.size()) : m;
}

}  // namespace moe::testing
