# Issue #6: indexes for the films list orders, and stored search vectors (GIN on PostgreSQL).

import datetime
import django.contrib.postgres.search
import django.db.models.functions.comparison
import films.models.search
from django.db import migrations, models



class Migration(migrations.Migration):

    dependencies = [
        ("films", "0002_history_and_image_checks"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='film',
            name='films_film_title_72d7db_idx',
        ),
        migrations.AddField(
            model_name='film',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(films.models.search.StoredSearchVector('title', config='english', weight='A'), '||', films.models.search.StoredSearchVector('original_title', config='english', weight='A'), django.contrib.postgres.search.SearchConfig('english')), '||', films.models.search.StoredSearchVector('synopsis', config='english', weight='C'), django.contrib.postgres.search.SearchConfig('english')), output_field=films.models.search.StoredSearchVectorField()),
        ),
        migrations.AddField(
            model_name='person',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(films.models.search.StoredSearchVector('name', config='english', weight='A'), '||', films.models.search.StoredSearchVector('bio', config='english', weight='C'), django.contrib.postgres.search.SearchConfig('english')), output_field=films.models.search.StoredSearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='film',
            index=models.Index(fields=['title', 'release_year', 'id'], name='film_title_order_idx'),
        ),
        migrations.AddIndex(
            model_name='film',
            index=models.Index(models.OrderBy(django.db.models.functions.comparison.Coalesce('release_date', models.Value(datetime.date(1, 1, 1))), descending=True), models.OrderBy(django.db.models.functions.comparison.Coalesce('release_year', models.Value(0)), descending=True), models.F('title'), models.F('id'), name='film_newest_order_idx'),
        ),
        migrations.AddIndex(
            model_name='film',
            index=films.models.search.SearchVectorIndex(name='film_search_gin'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=films.models.search.SearchVectorIndex(name='person_search_gin'),
        ),
    ]
