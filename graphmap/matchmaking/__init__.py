"""Matchmaking: expert panels for salons and partners across sectors, with explanations.

``ExpertIndex.build(graph)`` once, then ``recommend_experts(index, topic)`` per query;
``recommend_partners(graph, org)`` for complementary organizations; ``evaluation`` for
P@k / R@k / nDCG@k against gold topics; ``academicians`` loads the public academician pool.
"""

from graphmap.matchmaking.index import ExpertIndex
from graphmap.matchmaking.partners import PartnerSuggestion, recommend_partners
from graphmap.matchmaking.recommend import Panel, Pick, recommend_experts

__all__ = [
    "ExpertIndex", "Panel", "PartnerSuggestion", "Pick", "recommend_experts", "recommend_partners",
]
