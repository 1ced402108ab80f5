from django import template

from directives.selectors import TaskState

register = template.Library()

# A sign besides the colour, so the matrix reads in black-and-white print and for colour-blind readers.
STATE_SYMBOLS = {
    TaskState.DONE_ON_TIME: "✓",
    TaskState.DONE_LATE: "✓!",
    TaskState.IN_PROGRESS: "…",
    TaskState.OVERDUE: "!",
    TaskState.NOT_DUE: "–",
}
# In progress, sent on time and waiting for the office's review.
AWAITING_SYMBOL = "↑"
