def build_employers(demo, people):
    return None
