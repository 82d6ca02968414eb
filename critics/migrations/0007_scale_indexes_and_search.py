# Issue #6: one index per public list (published, newest first, id as tiebreaker), the
# foreign-key indexes folded into them, and stored search vectors (GIN on PostgreSQL).

import django.contrib.postgres.search
import django.db.models.deletion
import films.models.search
from django.db import migrations, models



class Migration(migrations.Migration):

    dependencies = [
        ("critics", "0006_editorial_roles"),
        ("films", "0002_history_and_image_checks"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='review',
            name='critics_rev_film_id_7552bf_idx',
        ),
        migrations.RemoveIndex(
            model_name='review',
            name='critics_rev_critic__b94182_idx',
        ),
        migrations.RemoveIndex(
            model_name='review',
            name='critics_rev_film_id_ec4c80_idx',
        ),
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(films.models.search.StoredSearchVector('title', config='english', weight='A'), '||', films.models.search.StoredSearchVector('standfirst', config='english', weight='B'), django.contrib.postgres.search.SearchConfig('english')), '||', films.models.search.StoredSearchVector('body', config='english', weight='C'), django.contrib.postgres.search.SearchConfig('english')), output_field=films.models.search.StoredSearchVectorField()),
        ),
        migrations.AddField(
            model_name='critic',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(films.models.search.StoredSearchVector('name', config='english', weight='A'), '||', films.models.search.StoredSearchVector('bio', config='english', weight='C'), django.contrib.postgres.search.SearchConfig('english')), output_field=films.models.search.StoredSearchVectorField()),
        ),
        migrations.AddField(
            model_name='review',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(films.models.search.StoredSearchVector('headline', config='english', weight='A'), '||', films.models.search.StoredSearchVector('pull_quote', config='english', weight='B'), django.contrib.postgres.search.SearchConfig('english')), '||', films.models.search.StoredSearchVector('body', config='english', weight='D'), django.contrib.postgres.search.SearchConfig('english')), output_field=films.models.search.StoredSearchVectorField()),
        ),
        migrations.AlterField(
            model_name='article',
            name='publish_at',
            field=models.DateTimeField(blank=True, help_text='When it goes live. A time in the future schedules it; publishing without a time publishes now.', null=True),
        ),
        migrations.AlterField(
            model_name='article',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for review'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], default='draft', max_length=20),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='publish_at',
            field=models.DateTimeField(blank=True, help_text='When it goes live. A time in the future schedules it; publishing without a time publishes now.', null=True),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for review'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], default='draft', max_length=20),
        ),
        migrations.AlterField(
            model_name='historicalreview',
            name='import_key',
            field=models.CharField(blank=True, editable=False, help_text='Fingerprint of the imported CSV row, so importing a file twice adds nothing.', max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name='historicalreview',
            name='publish_at',
            field=models.DateTimeField(blank=True, help_text='When it goes live. A time in the future schedules it; publishing without a time publishes now.', null=True),
        ),
        migrations.AlterField(
            model_name='historicalreview',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for review'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], default='draft', max_length=20),
        ),
        migrations.AlterField(
            model_name='review',
            name='critic',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='critics.critic'),
        ),
        migrations.AlterField(
            model_name='review',
            name='film',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='films.film'),
        ),
        migrations.AlterField(
            model_name='review',
            name='import_key',
            field=models.CharField(blank=True, editable=False, help_text='Fingerprint of the imported CSV row, so importing a file twice adds nothing.', max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name='review',
            name='publication',
            field=models.ForeignKey(blank=True, db_index=False, help_text='Where the review appeared. Blank for independent or unknown outlets.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='critics.publication'),
        ),
        migrations.AlterField(
            model_name='review',
            name='publish_at',
            field=models.DateTimeField(blank=True, help_text='When it goes live. A time in the future schedules it; publishing without a time publishes now.', null=True),
        ),
        migrations.AlterField(
            model_name='review',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for review'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], default='draft', max_length=20),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['status', 'publish_at', 'id'], name='article_published_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=films.models.search.SearchVectorIndex(name='article_search_gin'),
        ),
        migrations.AddIndex(
            model_name='critic',
            index=films.models.search.SearchVectorIndex(name='critic_search_gin'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['status', 'publish_at', 'id'], name='review_published_idx'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['film', 'status', 'publish_at', 'id'], name='review_film_idx'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['critic', 'status', 'publish_at', 'id'], name='review_critic_idx'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['publication', 'status', 'publish_at', 'id'], name='review_publication_idx'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=films.models.search.SearchVectorIndex(name='review_search_gin'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.UniqueConstraint(fields=('import_key',), name='review_unique_import_key'),
        ),
    ]
