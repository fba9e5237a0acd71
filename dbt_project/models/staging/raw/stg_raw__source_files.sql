with source as (
    select * from {{ source('raw', 'source_files') }}
),

renamed as (
    select
        source_file,
        report_id,
        source_sha256,
        bytes,
        discovered_at
    from source
)

select * from renamed
