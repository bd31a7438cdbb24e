"""The reading site: thin views over ``editorial.signed.readers``, the feed, the
sitemap, and the page cache.

Entry points: ``urls`` (the reader URLs), ``caching.reading_page`` (what a view
declares its page depends on), ``pagecache.ReadingCacheMiddleware``.
"""
