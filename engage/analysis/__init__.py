"""What works: evidence a department and its research partners can act on (issue #21).

Which posts invite conversation (per post type and topic), does answering help (an adjusted,
doubly robust estimate with its balance and bootstrap interval), and is it changing (by quarter).
``engage.analysis.whatworks`` computes, ``engage.analysis.report`` renders, ``engage.analysis.synthetic``
plants known effects to validate the estimators. Within-thread only, no person profiles.
"""
