import django.dispatch

# Sent once the transaction that saved or deleted a CalendarDay or CalendarYear
# has committed, after the working-day cache is invalidated, so that receivers
# recomputing deadlines already see the new calendar.
# Arguments: sender (the model class), years (set[int]: the years whose
# working days or loaded state may have changed).
calendar_changed = django.dispatch.Signal()
