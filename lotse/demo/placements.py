def build_placements(demo, people, employers):
    return None
