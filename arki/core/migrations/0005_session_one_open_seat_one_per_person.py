# The data were made to fit in 0004 (a separate transaction: PostgreSQL refuses to build an
# index on a table with pending deferred-constraint checks from the same transaction).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_live_session_anonymous_seats'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='livesession',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'open')), fields=('workshop',), name='one_open_session_per_workshop'),
        ),
        migrations.AddConstraint(
            model_name='seat',
            constraint=models.UniqueConstraint(condition=models.Q(('person__isnull', False)), fields=('session', 'person'), name='one_seat_per_person'),
        ),
    ]
