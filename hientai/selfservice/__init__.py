"""Experts who register themselves: e-mail verification, consent per purpose, a profile they
keep whose changes an officer reviews, their own data requests, invitations (issue 19 item
2).
"""
