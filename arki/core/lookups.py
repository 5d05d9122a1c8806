"""`__in` on integer fields that treats numbers the database cannot hold as matching no row.

Django (5.x) does this for `exact`, `gt`, `gte`, `lt` and `lte` on integer fields but not for
`in`. Every `ModelMultipleChoiceField` checks posted ids with `pk__in`, so without this a
posted "99999999999999999999" made SQLite raise OverflowError (a server error) where the
visitor should be told the choice is not valid; PostgreSQL compares it as a numeric and finds
nothing. With this lookup both databases behave alike: such a value matches no row.
Registered on `IntegerField` (and so on its subclasses, `AutoField` and `BigAutoField`) in
`CoreConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import lookups


class IntegerIn(lookups.In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            ranges = connection.ops.integer_field_ranges
            low, high = ranges.get(self.lhs.output_field.get_internal_type(), (None, None))
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
