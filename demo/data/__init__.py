"""A synthetic, deterministic demo catalogue for benchmarks and demos (issue #6).

catalogue: films, people, credits, tags, publications and critics; plan: who reviews
what (the long tail); text: sentences, ratings and the pool of review bodies;
reviews: review rows with their derived fields; writer: the database writes;
build: the phases in order. The command is ``manage.py generate_demo_data``.
"""
