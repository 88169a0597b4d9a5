"""Group events: workshops, application trainings, employer days, job fairs."""
