"""Support cases for foreign experts and overseas Vietnamese: visa, residence card, work-permit
exemption, legalisation; steps with an SLA (issue 18 item 4).
"""
