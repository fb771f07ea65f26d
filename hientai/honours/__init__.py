"""Honours and contests: programmes, rounds, entries and results linked to profiles and
organisations (issue 18 item 5).
"""
