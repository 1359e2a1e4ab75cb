#pragma once
// The Compose document's undo command. Every edit swaps the whole (small) document state, before and
// after, which keeps each edit exactly reversible whatever it touched (a method change that also
// drops fields that no longer apply, a reorder, a JSON edit). Consecutive edits of one text field
// share a merge key and become one undo step, as typing does in Tiled's property editor.

#include "ui/compose_document.h"

#include <QUndoCommand>

namespace moe {

class ComposeStateCommand : public QUndoCommand {
public:
    ComposeStateCommand(ComposeDocument* document, const QString& text, ComposeState before, ComposeState after,
                        QString mergeKey);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    ComposeDocument* m_document;
    ComposeState m_before, m_after;
    QString m_mergeKey;
};

}  // namespace moe
