#pragma once
// Shows an Eq. 1 aggregate in a token view and its expert-weight plot: the main Analyse page and the
// compare pane draw the same pair the same way.

#include <QString>

namespace moe {

struct Aggregate;
struct Trace;
class ExpertWeightPlot;
class TokenView;

// The token chips alone (the Train page's sample): weights and dominant experts, neutral when the
// aggregate uses no routing site.
void showAggregateTokens(TokenView* tokens, const Trace& trace, const Aggregate& aggregate);

// `emptyMessage` is shown in the plot when the aggregate uses no routing site.
void showAggregate(TokenView* tokens, ExpertWeightPlot* plot, const Trace& trace, const Aggregate& aggregate,
                   const QString& emptyMessage);

}  // namespace moe
