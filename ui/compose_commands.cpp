#include "ui/compose_commands.h"

#include <utility>

namespace moe {

namespace {
constexpr int kMergeableId = 0x4d6f45;  // any constant: mergeWith() compares the merge keys
}

ComposeStateCommand::ComposeStateCommand(ComposeDocument* document, const QString& text, ComposeState before,
                                         ComposeState after, QString mergeKey)
    : QUndoCommand(text),
      m_document(document),
      m_before(std::move(before)),
      m_after(std::move(after)),
      m_mergeKey(std::move(mergeKey))
{
}

void ComposeStateCommand::undo()
{
    m_document->applyState(m_before);
}

void ComposeStateCommand::redo()
{
    m_document->applyState(m_after);
}

int ComposeStateCommand::id() const
{
    return m_mergeKey.isEmpty() ? -1 : kMergeableId;
}

bool ComposeStateCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = static_cast<const ComposeStateCommand*>(other);  // same id: same class
    if (next->m_mergeKey != m_mergeKey)
        return false;
    m_after = next->m_after;
    // Typed and typed back: nothing left to undo.
    setObsolete(m_before == m_after);
    return true;
}

}  // namespace moe
