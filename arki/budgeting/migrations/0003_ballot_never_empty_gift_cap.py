# The stored data were made to fit in 0002, in its own transaction.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budgeting', '0002_voucher_abstention_gift_cap'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='voucheraccount',
            constraint=models.CheckConstraint(condition=models.Q(('received__lte', models.F('receive_limit'))), name='voucher_gifts_received_capped'),
        ),
        migrations.AddConstraint(
            model_name='voucheraccount',
            constraint=models.CheckConstraint(condition=models.Q(('cast_at__isnull', True), ('spent__gt', 0), _connector='OR'), name='ballot_never_empty'),
        ),
        migrations.AddConstraint(
            model_name='voucheraccount',
            constraint=models.CheckConstraint(condition=models.Q(('abstained_at__isnull', True), models.Q(('cast_at__isnull', True), ('spent', 0)), _connector='OR'), name='abstention_spends_nothing'),
        ),
    ]
