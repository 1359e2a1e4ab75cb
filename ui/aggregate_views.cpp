#include "ui/aggregate_views.h"

#include "core/routing/aggregation.h"
#include "core/routing/trace.h"
#include "widgets/expert_weight_plot.h"
#include "widgets/token_view.h"

namespace moe {

void showAggregateTokens(TokenView* tokens, const Trace& trace, const Aggregate& a)
{
    const bool any = a.sitesUsed > 0;
    const QList<float> weights = any ? QList<float>(a.weights.begin(), a.weights.end()) : QList<float>();
    const QList<int> dominant(a.dominant.begin(), a.dominant.end());
    tokens->setWeights(weights, static_cast<int>(trace.numExperts()), any ? dominant : QList<int>());
}

void showAggregate(TokenView* tokens, ExpertWeightPlot* plot, const Trace& trace, const Aggregate& a, const QString& emptyMessage)
{
    const int E = static_cast<int>(trace.numExperts()), T = static_cast<int>(trace.numTokens());
    const bool any = a.sitesUsed > 0;
    const QList<float> weights = any ? QList<float>(a.weights.begin(), a.weights.end()) : QList<float>();
    showAggregateTokens(tokens, trace, a);
    QStringList labels;
    labels.reserve(T);
    for (int i = 0; i < T; ++i) labels << tokens->displayText(i);
    plot->setData(labels, weights, E);
    plot->setMessage(any ? QString() : emptyMessage);
}

}  // namespace moe
