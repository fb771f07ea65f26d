"""Opportunities and nominations: scholarships and training programmes matched to officials'
profiles, nominations with their workflow, eligibility rules kept as data (issue 18 item 3).
"""
