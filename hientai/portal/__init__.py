"""The public portal in Vietnamese, English and Chinese: policies, opportunities, contests,
events, published statistics with small counts suppressed, opted-in expert profiles (issue
19 item 1).
"""
