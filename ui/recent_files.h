#pragma once
// A most-recent-first list of files or folders of one kind (traces, model folders, text files), kept
// in QSettings under one key so it survives restarts and is shared by every window.

#include <QString>
#include <QStringList>

namespace moe {

class RecentFiles {
public:
    explicit RecentFiles(QString settingsKey, int maxEntries = 8);

    // Moves `path` (made absolute and clean) to the front, dropping the oldest beyond the maximum.
    void add(const QString& path);
    void remove(const QString& path);
    // The entries that still exist, most recent first.
    QStringList paths() const;
    void clear();
    const QString& key() const { return m_key; }

private:
    QStringList stored() const;

    QString m_key;
    int m_max;
};

}  // namespace moe
