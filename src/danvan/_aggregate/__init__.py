"""Aggregation: the question (`query`), its rules (`rules`, `semantics`), its answer
(`results`) and the engines that compute it (`reference`, `columnar` with `store` and
`totals`), behind one front door (`aggregate`). See CONTRIBUTING.md, "Floor plan".
"""
